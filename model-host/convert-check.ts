/**
 * After a conversion: the bundle through the engine at two image shapes other than the one the graphs were
 * traced at (128×160), so a shape baked into a graph shows here rather than in the plugin. Each shape is
 * encoded, clicked and asked for text; every mask must be finite and cover the image's grid.
 */
import type { LoadedBundle } from '../ui/engine/bundle/load-bundle';
import { SeemEngine } from '../ui/engine/engine';
import type { OrtRuntime } from '../ui/engine/runtime';

/** A smooth synthetic RGBA image (no fixture needed). */
const gradient = (width: number, height: number) => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data.set([(x * 255) / width, (y * 255) / height, ((x + y) * 127) / (width + height), 255], i);
    }
  }
  return { width, height, data };
};

export const CHECK_SHAPES: readonly [number, number][] = [
  [300, 200],
  [180, 330],
];

export const checkAtOtherSizesAsync = async (runtime: OrtRuntime, bundle: LoadedBundle): Promise<string[]> => {
  const engine = new SeemEngine(runtime, bundle);
  const seen: string[] = [];
  for (const [w, h] of CHECK_SHAPES) {
    const key = `${w}x${h}`;
    const meta = await engine.encodeImageAsync(key, gradient(w, h));
    for (const prompt of [{ visual: [{ kind: 'click' as const, x: w / 3, y: h / 2, positive: true }] }, { text: 'a thing' }]) {
      const r = await engine.decodeAsync(key, [prompt]);
      const mask = r.status === 'done' ? r.value[0]?.mask : undefined;
      if (!mask || !mask.data.every(Number.isFinite) || mask.width < Math.ceil(meta.resizedWidth / 4) || mask.height < Math.ceil(meta.resizedHeight / 4)) {
        throw new Error(
          `the bundle fails at ${w}×${h} (padded ${meta.paddedWidth}×${meta.paddedHeight}): ${prompt.text ? 'text' : 'click'} gave ${mask ? `a ${mask.width}×${mask.height} mask` : 'no mask'}`,
        );
      }
    }
    seen.push(`${meta.paddedWidth}×${meta.paddedHeight}`);
  }
  return seen;
};
