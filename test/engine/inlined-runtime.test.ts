/** The wasm inlined in ui.html: decoded back to the exact bytes; a damaged payload is a clear error; the build really inlines it. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeInlinedWasmAsync, INLINED_WASM_ID, readInlinedWasmAsync } from '../../ui/engine/inlined-runtime';

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

  it('reads the element once the document is parsed, or null when the page has none', async () => {
    const doc = (text: string | null, readyState: DocumentReadyState = 'complete') => {
      let parsed = (): void => undefined;
      return {
        readyState,
        addEventListener: (type: string, listener: () => void) => {
          assert.equal(type, 'DOMContentLoaded');
          parsed = listener;
        },
        getElementById: (id: string) => (id === INLINED_WASM_ID && text !== null ? ({ textContent: text } as HTMLElement) : null),
        finishParsing: () => parsed(),
      };
    };
    const loading = doc(pack(tinyWasm), 'loading');
    const pending = readInlinedWasmAsync(loading as unknown as Document);
    loading.finishParsing();
    assert.deepEqual(await pending, tinyWasm);
    assert.deepEqual(await readInlinedWasmAsync(doc(pack(tinyWasm)) as unknown as Document), tinyWasm);
    assert.equal(await readInlinedWasmAsync(doc(null) as unknown as Document), null);
    assert.equal(await readInlinedWasmAsync(doc('  ') as unknown as Document), null);
  });

  it('the built dist/ui.html carries onnxruntime-web’s own wasm, byte for byte', async () => {
    const html = await readFile(join(root, 'dist/ui.html'), 'utf8');
    const m = new RegExp(`<script id="${INLINED_WASM_ID}" type="application/octet-stream">([^<]*)</script>`).exec(html);
    assert.ok(m?.[1], 'ui.html has the inlined wasm (npm run build)');
    const wasm = await decodeInlinedWasmAsync(m[1]);
    const shipped = await readFile(join(root, 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm'));
    assert.equal(wasm.length, shipped.length);
    assert.ok(Buffer.from(wasm).equals(shipped));
  });
});
