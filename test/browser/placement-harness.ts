/**
 * Runs in Chromium: creates an onnxruntime-web session for each named graph on the WebGPU execution
 * provider with verbose logging, so onnxruntime reports where it placed every node (the page's console,
 * read by the test). No fallback provider is listed: a graph WebGPU cannot take fails to load.
 */
import * as ort from 'onnxruntime-web';

interface PlacementConfig {
  wasmUrl: string;
  /** A graph from a URL, or (small test graphs) inline as base64. */
  graphs: { name: string; url?: string; base64?: string }[];
}

const run = async (c: PlacementConfig): Promise<{ name: string; error: string | null }[]> => {
  const res = await fetch(c.wasmUrl);
  ort.env.wasm.wasmBinary = new Uint8Array(await res.arrayBuffer());
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'verbose';
  const out: { name: string; error: string | null }[] = [];
  for (const g of c.graphs) {
    const bytes = g.base64 ? Uint8Array.from(atob(g.base64), (c) => c.charCodeAt(0)) : new Uint8Array(await (await fetch(g.url ?? '')).arrayBuffer());
    console.log(`=== session ${g.name}`);
    try {
      const s = await ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'], logSeverityLevel: 0, logVerbosityLevel: 0 });
      await s.release();
      out.push({ name: g.name, error: null });
    } catch (e) {
      out.push({ name: g.name, error: e instanceof Error ? e.message : String(e) });
    }
    console.log(`=== end ${g.name}`);
  }
  return out;
};

(globalThis as unknown as { runPlacement: typeof run }).runPlacement = run;
