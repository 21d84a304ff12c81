/**
 * Model output → Figma path in IMAGE pixels: low-resolution logits are brought to
 * the image's resolution — guided by the image (edge refinement) or bilinearly —
 * then traced. Long sides above MAX_SIDE are traced at a reduced scale and the path
 * scaled back, which bounds time and memory on very large photos.
 */
import type { RgbaImage } from '../image/rgba-image';
import { resample } from '../engine/resample';
import { countCommands, maskToClosedPaths } from './index';
import { refineMask, upsampleBilinear, type CoarseLogits } from './refine';
import { serializePaths } from './serialize';
import type { ClosedPath, Point } from './types';

const MAX_SIDE = 2048;

const scalePaths = (paths: ClosedPath[], s: number): ClosedPath[] => {
  const p = (q: Point): Point => [q[0] * s, q[1] * s];
  return paths.map((c) => ({
    start: p(c.start),
    segments: c.segments.map((seg) => (seg.type === 'L' ? { type: 'L', to: p(seg.to) } : { type: 'C', c1: p(seg.c1), c2: p(seg.c2), to: p(seg.to) })),
  }));
};

export const vectorizeMask = (mask: CoarseLogits, image: RgbaImage, options: { refine: boolean; tolerance: number }): { data: string; commands: number } => {
  const scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
  const w = Math.max(1, Math.round(image.width * scale));
  const h = Math.max(1, Math.round(image.height * scale));
  const guide: RgbaImage =
    scale === 1 ? image : { width: w, height: h, data: Uint8ClampedArray.from(resample(image.data, image.width, image.height, 4, w, h)) };
  const field = options.refine ? refineMask(mask, guide) : upsampleBilinear(mask, w, h);
  const paths = maskToClosedPaths({ width: w, height: h, data: field }, { tolerance: options.tolerance * scale });
  const { data } = serializePaths(scale === 1 ? paths : scalePaths(paths, 1 / scale));
  return { data, commands: countCommands(data) };
};
