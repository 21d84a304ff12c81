/**
 * Visual prompts of up to M objects → visual_prompt's feeds.
 *   point_coords float32 [1, M, P, 2]: (x / W_padded, y / H_padded) of the padded encoder input
 *   point_labels float32 [1, M, P]:    1 positive, 0 negative, −1 padding
 * Each object gets at most P/2 positives and P/2 negatives (evenly subsampled).
 */
import type { ImageGeometryMeta } from '../preprocess';
import { boxToPoints } from './box-points';
import { clampPoint } from './clamp';
import { scribbleToPoints } from './scribble-points';
import { subsampleEvenly } from './subsample';
import type { LabelledPoints, Point, VisualPrompt } from './types';

export interface PointFeeds {
  coords: Float32Array;
  labels: Float32Array;
  /** Per object: positives and negatives actually fed. */
  counts: { positive: number; negative: number }[];
}

/** One feature cell of the model, in image pixels. */
export const featureCell = (meta: ImageGeometryMeta, maskStride: number): number => (maskStride * meta.imageWidth) / meta.resizedWidth;

export const promptsToPoints = (prompts: readonly VisualPrompt[], meta: ImageGeometryMeta, maskStride: number, maxPoints: number): LabelledPoints => {
  const image = { width: meta.imageWidth, height: meta.imageHeight };
  const cell = featureCell(meta, maskStride);
  const half = Math.floor(maxPoints / 2);
  const out: LabelledPoints = { positive: [], negative: [] };
  for (const p of prompts) {
    if (p.kind === 'click') {
      (p.positive ? out.positive : out.negative).push(clampPoint([p.x, p.y], image.width, image.height));
    } else if (p.kind === 'box') {
      const b = boxToPoints(p, image, cell, half);
      out.positive.push(...b.positive);
      out.negative.push(...b.negative);
    } else {
      (p.positive ? out.positive : out.negative).push(...scribbleToPoints(p.points, p.radius, image, cell, half));
    }
  }
  return { positive: subsampleEvenly(out.positive, half), negative: subsampleEvenly(out.negative, half) };
};

export const pointFeeds = (objects: readonly LabelledPoints[], meta: ImageGeometryMeta, maxObjects: number, maxPoints: number): PointFeeds => {
  if (objects.length > maxObjects) throw new Error(`${objects.length} objects in one decode; the bundle takes ${maxObjects}`);
  const coords = new Float32Array(maxObjects * maxPoints * 2);
  const labels = new Float32Array(maxObjects * maxPoints).fill(-1);
  const sx = meta.resizedWidth / meta.imageWidth / meta.paddedWidth;
  const sy = meta.resizedHeight / meta.imageHeight / meta.paddedHeight;
  const counts = objects.map((o, m) => {
    const put = (list: readonly Point[], label: number, offset: number): void =>
      list.forEach(([x, y], k) => {
        const i = m * maxPoints + offset + k;
        coords[2 * i] = x * sx;
        coords[2 * i + 1] = y * sy;
        labels[i] = label;
      });
    put(o.positive, 1, 0);
    put(o.negative, 0, o.positive.length);
    return { positive: o.positive.length, negative: o.negative.length };
  });
  return { coords, labels, counts };
};
