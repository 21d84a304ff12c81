/** The wasm inlined in ui.html: decoded back to the exact bytes; a damaged payload is a clear error; the build really inlines it. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeInlinedWasmAsync, INLINED_WASM_ID, readInlinedRuntimeAsync } from '../../ui/engine/inlined-runtime';

const root = join(import.meta.dirname, '../..');
const tinyWasm = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const pack = (bytes: Uint8Array): string => gzipSync(bytes).toString('base64');

describe('inlined onnxruntime wasm', () => {
  it('round-trips gzip + base64 (line breaks allowed) to the same bytes', async () => {
    const b64 = pack(tinyWasm);
    assert.deepEqual(await decodeInlinedWasmAsync(b64), tinyWasm);
    assert.deepEqual(await decodeInlinedWasmAsync(`${b64.slice(0, 5)}\n${b64.slice(5)}`), tinyWasm);
  });

  it('refuses a damaged payload with what to do', async () => {
    await assert.rejects(decodeInlinedWasmAsync('%%%'), /not base64.*npm run build/);
    await assert.rejects(decodeInlinedWasmAsync(Buffer.from('not gzip').toString('base64')), /does not decompress.*npm run build/);
    await assert.rejects(decodeInlinedWasmAsync(pack(Uint8Array.from([1, 2, 3, 4]))), /not WebAssembly/);
  });

  it('reads the element once the document is parsed: wasm (or none), version, sha256; null without the element', async () => {
    const SHA = 'ab'.repeat(32);
    const element = (text: string, attrs: Record<string, string>) =>
      ({ textContent: text, getAttribute: (n: string) => attrs[n] ?? null }) as unknown as HTMLElement;
    const doc = (el: HTMLElement | null, readyState: DocumentReadyState = 'complete') => {
      let parsed = (): void => undefined;
      return {
        readyState,
        addEventListener: (type: string, listener: () => void) => {
          assert.equal(type, 'DOMContentLoaded');
          parsed = listener;
        },
        getElementById: (id: string) => (id === INLINED_WASM_ID ? el : null),
        finishParsing: () => parsed(),
      };
    };
    const attrs = { 'data-version': '1.30.0', 'data-sha256': SHA };
    const loading = doc(element(pack(tinyWasm), attrs), 'loading');
    const pending = readInlinedRuntimeAsync(loading as unknown as Document);
    loading.finishParsing();
    assert.deepEqual(await pending, { wasm: tinyWasm, version: '1.30.0', sha256: SHA });
    assert.deepEqual(await readInlinedRuntimeAsync(doc(element('  ', attrs)) as unknown as Document), { wasm: null, version: '1.30.0', sha256: SHA });
    assert.equal(await readInlinedRuntimeAsync(doc(null) as unknown as Document), null);
    await assert.rejects(
      readInlinedRuntimeAsync(doc(element('', { 'data-version': '__ORT_VERSION__', 'data-sha256': SHA })) as unknown as Document),
      /no version\/sha256.*npm run build/,
    );
  });

  it('ui.html built --inline-wasm carries onnxruntime-web’s own wasm, byte for byte', { timeout: 120_000 }, async () => {
    await promisify(execFile)(process.execPath, [join(root, 'scripts/build.mjs'), '--inline-wasm', '--ui-out', 'dist/ui-inline-wasm.html'], { cwd: root });
    const html = await readFile(join(root, 'dist/ui-inline-wasm.html'), 'utf8');
    const m = new RegExp(
      `<script id="${INLINED_WASM_ID}" type="application/octet-stream" data-version="([^"]+)" data-sha256="([0-9a-f]{64})">([^<]*)</script>`,
    ).exec(html);
    assert.ok(m?.[3], 'ui.html has the inlined wasm');
    const wasm = await decodeInlinedWasmAsync(m[3]);
    const shipped = await readFile(join(root, 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm'));
    const pkg = JSON.parse(await readFile(join(root, 'node_modules/onnxruntime-web/package.json'), 'utf8')) as { version: string };
    assert.equal(m[1], pkg.version);
    assert.equal(m[2], createHash('sha256').update(shipped).digest('hex'));
    assert.equal(wasm.length, shipped.length);
    assert.ok(Buffer.from(wasm).equals(shipped));
  });
});
