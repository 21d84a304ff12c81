/**
 * onnxruntime-web's wasm inlined in ui.html (scripts/build.mjs): gzip, then base64, in a
 * non-executed `<script id="ort-wasm">`, so the engine starts without a single request —
 * no model host, nothing for the manifest's networkAccess to allow. Decoded with the
 * browser's own DecompressionStream (0.1–0.3 s for the 28 MB WebGPU+WASM build).
 */
export const INLINED_WASM_ID = 'ort-wasm';

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

export class InlinedRuntimeError extends Error {
  override name = 'InlinedRuntimeError';
}

/** base64(gzip(wasm)) → the wasm bytes; a damaged payload is a clear error, never a half-started engine. */
export const decodeInlinedWasmAsync = async (base64: string): Promise<Uint8Array> => {
  let gz: Uint8Array;
  try {
    const binary = atob(base64.replace(/\s+/g, ''));
    gz = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) gz[i] = binary.charCodeAt(i);
  } catch (error) {
    throw new InlinedRuntimeError(`the onnxruntime wasm inlined in ui.html is not base64 (${String(error)}): rebuild with npm run build`);
  }
  let wasm: Uint8Array;
  try {
    const stream = new Blob([gz.slice().buffer]).stream().pipeThrough(new DecompressionStream('gzip'));
    wasm = new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new InlinedRuntimeError(`the onnxruntime wasm inlined in ui.html does not decompress (${String(error)}): rebuild with npm run build`);
  }
  if (!WASM_MAGIC.every((b, i) => wasm[i] === b))
    throw new InlinedRuntimeError('the onnxruntime wasm inlined in ui.html is not WebAssembly: rebuild with npm run build');
  return wasm;
};

/** What ui.html says about its runtime: the wasm when inlined, and always its onnxruntime-web version and sha256. */
export interface InlinedRuntime {
  /** null: the default build, without --inline-wasm (fetched from the model source, checked against `sha256`). */
  wasm: Uint8Array | null;
  version: string;
  sha256: string;
}

/**
 * The runtime element, or null when this page has none (a test harness: the host serves the wasm). The element
 * comes after the UI's script (the UI draws first), so wait until the document is parsed.
 */
export const readInlinedRuntimeAsync = async (
  doc: Pick<Document, 'getElementById' | 'readyState' | 'addEventListener'> = document,
): Promise<InlinedRuntime | null> => {
  if (doc.readyState === 'loading') await new Promise<void>((r) => doc.addEventListener('DOMContentLoaded', () => r(), { once: true }));
  const el = doc.getElementById(INLINED_WASM_ID);
  if (!el) return null;
  const version = el.getAttribute('data-version') ?? '';
  const sha256 = el.getAttribute('data-sha256') ?? '';
  if (!/^\d+\.\d+\.\d+/.test(version) || !/^[0-9a-f]{64}$/.test(sha256)) {
    throw new InlinedRuntimeError(
      `ui.html's runtime element has no version/sha256 (data-version="${version}", data-sha256="${sha256}"): rebuild with npm run build`,
    );
  }
  const text = el.textContent?.trim() ?? '';
  return { wasm: text ? await decodeInlinedWasmAsync(text) : null, version, sha256 };
};
