/**
 * Runs in Chromium: the built engine worker (started exactly as the plugin UI
 * starts it) through EngineClient, on the generated colour scene.
 */
import { EngineClient } from '../../ui/engine/worker/client';
import { startEngineWorker } from '../../ui/engine/worker/start-worker';
import { colourScene, triangleImage } from '../helpers/scene';
import { maskIou, toImageMask } from '../helpers/masks';
import { decodeImageAsync } from '../../ui/image/decode-image';

export interface HarnessConfig {
  host: string;
  modelId: string;
  wasmUrl: string;
  backend: 'auto' | 'webgpu' | 'wasm';
  allowFallbackAdapter: boolean;
  width: number;
  height: number;
  full: boolean;
  encoder: 'local' | 'remote';
}

const run = async (c: HarnessConfig) => {
  const client = new EngineClient(startEngineWorker());
  const ready = await client.initAsync({
    host: c.host,
    modelId: c.modelId,
    wasmUrl: c.wasmUrl,
    backend: c.backend,
    allowFallbackAdapter: c.allowFallbackAdapter,
    encoder: c.encoder,
  });
  const scene = colourScene(c.width, c.height);
  const { width: W, height: H } = scene.image;
  await client.encodeAsync('scene', scene.image);
  const click = await client.decodeAsync({ imageKey: 'scene', objects: [{ visual: [{ kind: 'click', x: scene.disc.cx, y: scene.disc.cy, positive: true }] }] });
  const clickResult = click.status === 'done' ? click.results[0] : undefined;
  const out: Record<string, unknown> = {
    backend: ready.backend,
    encoder: ready.encoder,
    reason: ready.reason,
    categories: ready.categories,
    clickIou: clickResult ? maskIou(toImageMask(clickResult.mask, W, H), scene.truth.disc) : 0,
    clickCategory: clickResult?.category,
    clickLogits: clickResult ? Array.from(clickResult.mask.data) : [],
  };
  if (c.full) {
    const text = await client.decodeAsync({ imageKey: 'scene', objects: [{ text: 'blue' }] });
    out.textIou = text.status === 'done' && text.results[0] ? maskIou(toImageMask(text.results[0].mask, W, H), scene.truth.square) : 0;
    const segments = await client.everythingAsync('scene');
    out.segments = segments.map((s) => s.category).sort();
    const tri = triangleImage();
    await client.encodeAsync('triangle', tri.image);
    const ref = await client.decodeAsync({
      imageKey: 'scene',
      objects: [{ reference: { imageKey: 'triangle', prompts: [{ kind: 'click', x: tri.centroid[0], y: tri.centroid[1], positive: true }] } }],
    });
    out.referenceIou = ref.status === 'done' && ref.results[0] ? maskIou(toImageMask(ref.results[0].mask, W, H), scene.truth.disc) : 0;
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        client.decodeAsync({ imageKey: 'scene', objects: [{ visual: [{ kind: 'click', x: 5 + i, y: 5, positive: true }] }] }),
      ),
    );
    out.burst = burst.map((b) => b.status);
  }
  client.terminate();
  return out;
};

/** The UI's image decoding on bad bytes: each case's error message. */
const decodeErrors = async (): Promise<string[]> => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const cases = [new Uint8Array(0), Uint8Array.from([1, 2, 3, 4]), png];
  return Promise.all(
    cases.map((b) =>
      decodeImageAsync(b).then(
        () => 'decoded',
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      ),
    ),
  );
};

(globalThis as unknown as { runHarness: typeof run; decodeErrors: typeof decodeErrors }).runHarness = run;
(globalThis as unknown as { decodeErrors: typeof decodeErrors }).decodeErrors = decodeErrors;
