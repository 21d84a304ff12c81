/**
 * Runs in Chromium: a split-decoder (v1) bundle through the built worker on one backend — a click, a second
 * round with memory (prepared by the first), text and segment everything — returning every mask, so the
 * test can compare WebGPU with WASM. The runs feed zero-sized tensors (no text, no memory), which each
 * backend must accept.
 */
import { EngineClient } from '../../ui/engine/worker/client';
import { startEngineWorker } from '../../ui/engine/worker/start-worker';
import { colourScene } from '../helpers/scene';

interface SplitConfig {
  host: string;
  modelId: string;
  wasmUrl: string;
  backend: 'webgpu' | 'wasm';
}

const run = async (c: SplitConfig) => {
  const client = new EngineClient(startEngineWorker());
  const ready = await client.initAsync({
    host: c.host,
    modelId: c.modelId,
    wasmUrl: c.wasmUrl,
    backend: c.backend,
    allowFallbackAdapter: true,
    encoder: 'local',
  });
  const scene = colourScene(160, 128);
  await client.encodeAsync('scene', scene.image);
  const click = { kind: 'click' as const, x: scene.disc.cx, y: scene.disc.cy, positive: true };
  const masks: Record<string, number[]> = {};
  const first = await client.decodeAsync({ imageKey: 'scene', objects: [{ visual: [click] }], nextRound: true });
  if (first.status !== 'done' || !first.results[0]) throw new Error('first click cancelled');
  masks.click = Array.from(first.results[0].mask.data);
  const second = await client.decodeAsync({
    imageKey: 'scene',
    objects: [{ visual: [click, { ...click, x: click.x + 10 }], previous: first.results[0].mask }],
  });
  if (second.status === 'done' && second.results[0]) masks.round2 = Array.from(second.results[0].mask.data);
  const text = await client.decodeAsync({ imageKey: 'scene', objects: [{ text: 'a red disc' }] });
  if (text.status === 'done' && text.results[0]) masks.text = Array.from(text.results[0].mask.data);
  const segments = await client.everythingAsync('scene');
  client.terminate();
  return { backend: ready.backend, reason: ready.reason, masks, segments: segments.length };
};

(globalThis as unknown as { runSplit: typeof run }).runSplit = run;
