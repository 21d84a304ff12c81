/** Settings → the worker's init request: bundle source and wasm source. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../contracts/sandbox';
import { initRequest } from '../../ui/engine/init-request';
import { toWorkerSchema } from '../../contracts/worker';

const SHA = 'cd'.repeat(32);
const valid = (body: ReturnType<typeof initRequest>) => toWorkerSchema.parse({ type: 'init', id: 1, ...body });

describe('engine init request', () => {
  it('no runtime element (a harness): bundle and wasm from the host, unchecked', () => {
    const r = initRequest({ ...DEFAULT_SETTINGS, modelHostUrl: 'http://127.0.0.1:8765//' }, null);
    assert.equal(r.bundleUrl, undefined);
    assert.equal(r.wasmUrl, 'http://127.0.0.1:8765/v1/runtime/ort-wasm-simd-threaded.jsep.wasm');
    assert.equal(r.wasmBinary, undefined);
    assert.equal(r.wasmSha256, undefined);
    valid(r);
  });

  it('a static-folder source and the inlined wasm: nothing from the host', () => {
    const wasm = Uint8Array.from([0, 97, 115, 109]);
    const r = initRequest({ ...DEFAULT_SETTINGS, modelSource: 'https://huggingface.co/org/repo/resolve/main/' }, { wasm, version: '1.30.0', sha256: SHA });
    assert.equal(r.bundleUrl, 'https://huggingface.co/org/repo/resolve/main/');
    assert.equal(r.wasmBinary, wasm);
    assert.equal(r.wasmUrl, undefined);
    valid(r);
  });

  it('the default build (no --inline-wasm): the wasm beside the bundle under its version (or on the host), checked by sha256', () => {
    const runtime = { wasm: null, version: '1.30.0', sha256: SHA };
    const fromHub = initRequest({ ...DEFAULT_SETTINGS, modelSource: 'https://huggingface.co/org/repo/resolve/main' }, runtime);
    assert.equal(fromHub.wasmUrl, 'https://huggingface.co/org/repo/resolve/main/onnxruntime-web/1.30.0/ort-wasm-simd-threaded.jsep.wasm');
    assert.equal(fromHub.wasmSha256, SHA);
    valid(fromHub);
    const fromHost = initRequest(DEFAULT_SETTINGS, runtime);
    assert.equal(fromHost.wasmUrl, 'http://127.0.0.1:8765/v1/runtime/ort-wasm-simd-threaded.jsep.wasm');
    assert.equal(fromHost.wasmSha256, SHA);
  });

  it('remote encoder: the worker gets auto + remote', () => {
    const r = initRequest({ ...DEFAULT_SETTINGS, backend: 'remote-encoder' }, null);
    assert.equal(r.backend, 'auto');
    assert.equal(r.encoder, 'remote');
  });
});
