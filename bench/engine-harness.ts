/** Runs in Chromium for bench/engine-chromium: the built worker on a bundle, through the flow of bench/lib/flow.ts. */
import { EngineClient } from '../ui/engine/worker/client';
import { startEngineWorker } from '../ui/engine/worker/start-worker';
import { runFlowAsync, type FlowTarget, type Mask } from './lib/flow';

interface BenchConfig {
  host: string;
  modelId: string;
  wasmUrl: string;
  png: string;
  runs: number;
  backend: 'wasm' | 'webgpu' | 'auto';
  precision?: 'auto' | 'fp32' | 'fp16' | 'q8f16' | 'int8';
}

/** What the page can say about its WebGPU adapter (empty without one). */
const adapterInfo = async (): Promise<string> => {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return 'no WebGPU adapter';
  const info = adapter.info ?? {};
  return (
    ['vendor', 'architecture', 'device', 'description']
      .map((k) => info[k])
      .filter(Boolean)
      .join(' / ') || 'adapter without info'
  );
};

const run = async (c: BenchConfig) => {
  const client = new EngineClient(startEngineWorker());
  const t0 = performance.now();
  const ready = await client.initAsync({
    host: c.host,
    modelId: c.modelId,
    wasmUrl: c.wasmUrl,
    backend: c.backend,
    ...(c.precision && c.precision !== 'auto' ? { precision: c.precision } : {}),
    allowFallbackAdapter: false,
    encoder: 'local',
  });
  const loadMs = performance.now() - t0;
  const bytes = Uint8Array.from(atob(c.png), (ch) => ch.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes]));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.drawImage(bitmap, 0, 0);
  const image = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  const decoded = async (r: Promise<Awaited<ReturnType<EngineClient['decodeAsync']>>>): Promise<Mask> => {
    const d = await r;
    if (d.status !== 'done' || !d.results[0]) throw new Error('decode cancelled');
    return d.results[0].mask;
  };
  const target: FlowTarget = {
    encodeAsync: async (key) => void (await client.encodeAsync(key, image)),
    clickAsync: (key, x, y, previous, nextRound) =>
      decoded(client.decodeAsync({ imageKey: key, objects: [{ visual: [{ kind: 'click', x, y, positive: true }], previous }], nextRound })),
    textAsync: async (key, text) => void (await decoded(client.decodeAsync({ imageKey: key, objects: [{ text }] }))),
    everythingAsync: async (key) => void (await client.everythingAsync(key)),
  };
  const times = await runFlowAsync(target, c.runs, { x: 200, y: 150 });
  client.terminate();
  return { backend: ready.backend, reason: ready.reason ?? '', adapter: await adapterInfo(), loadMs, times };
};

(globalThis as unknown as { runBench: typeof run }).runBench = run;
