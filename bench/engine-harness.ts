/** Runs in Chromium for bench/engine --chromium: the built worker on a bundle, timing encode and decodes. */
import { EngineClient } from '../ui/engine/worker/client';
import { startEngineWorker } from '../ui/engine/worker/start-worker';

const run = async (c: { host: string; modelId: string; wasmUrl: string; png: string; runs: number }) => {
  const client = new EngineClient(startEngineWorker());
  const t0 = performance.now();
  const ready = await client.initAsync({ host: c.host, modelId: c.modelId, wasmUrl: c.wasmUrl, backend: 'wasm', allowFallbackAdapter: false, encoder: 'local' });
  const loadMs = performance.now() - t0;
  const bytes = Uint8Array.from(atob(c.png), (ch) => ch.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes]));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.drawImage(bitmap, 0, 0);
  const image = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const encode: number[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(c.runs / 2)); i++) {
    const t = performance.now();
    await client.encodeAsync(`img${i}`, image);
    encode.push(performance.now() - t);
  }
  const click: number[] = [];
  const text: number[] = [];
  for (let i = 0; i < c.runs; i++) {
    let t = performance.now();
    await client.decodeAsync({ imageKey: 'img0', objects: [{ visual: [{ kind: 'click', x: 200 + i, y: 150, positive: true }] }] });
    click.push(performance.now() - t);
    t = performance.now();
    await client.decodeAsync({ imageKey: 'img0', objects: [{ text: 'a person' }] });
    text.push(performance.now() - t);
  }
  client.terminate();
  return { backend: ready.backend, loadMs, encodeMs: median(encode), clickMs: median(click), textMs: median(text) };
};

(globalThis as unknown as { runBench: typeof run }).runBench = run;
