/** Settings → the worker's init request: bundle source and wasm source. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../plugin/protocol/messages';
import { initRequest } from '../../ui/engine/init-request';
import { toWorkerSchema } from '../../ui/engine/worker/protocol';

const valid = (body: ReturnType<typeof initRequest>) => toWorkerSchema.parse({ type: 'init', id: 1, ...body });

describe('engine init request', () => {
  it('model host source, no inlined wasm: bundle and wasm from the host', () => {
    const r = initRequest({ ...DEFAULT_SETTINGS, modelHostUrl: 'http://127.0.0.1:8765//' }, null);
    assert.equal(r.bundleUrl, undefined);
    assert.equal(r.wasmUrl, 'http://127.0.0.1:8765/v1/runtime/ort-wasm-simd-threaded.jsep.wasm');
    assert.equal(r.wasmBinary, undefined);
    valid(r);
  });

  it('a static-folder source and the inlined wasm: nothing from the host', () => {
    const wasm = Uint8Array.from([0, 97, 115, 109]);
    const r = initRequest({ ...DEFAULT_SETTINGS, modelSource: 'https://huggingface.co/org/repo/resolve/main/' }, wasm);
    assert.equal(r.bundleUrl, 'https://huggingface.co/org/repo/resolve/main/');
    assert.equal(r.wasmBinary, wasm);
    assert.equal(r.wasmUrl, undefined);
    valid(r);
  });

  it('remote encoder: the worker gets auto + remote', () => {
    const r = initRequest({ ...DEFAULT_SETTINGS, backend: 'remote-encoder' }, null);
    assert.equal(r.backend, 'auto');
    assert.equal(r.encoder, 'remote');
  });
});
