/**
 * Overlay colours that stand out from what they cover: for each object, the palette colour farthest (in OKLab,
 * a perceptual space where lightness and hue differences weigh as the eye sees them) from the mean colour of the
 * image under its mask, among the colours no earlier object took — a blue overlay on a blue sky, or two red
 * objects side by side, would be unreadable. Pure: the canvas, the segment list's swatches and the applied
 * layers' fills all use the result, so what is seen is what is written.
 */
import type { MaskLogits } from '../engine/engine';
import { gridExtent } from '../engine/mask-mapping';
import type { RgbaImage } from '../image/rgba-image';

export type Rgb = readonly [number, number, number];

const linear = (v: number): number => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** sRGB (0–255) → OKLab (Björn Ottosson, 2020). */
export const toOklab = ([r8, g8, b8]: Rgb): [number, number, number] => {
  const [r, g, b] = [linear(r8), linear(g8), linear(b8)];
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
};

/** Perceptual distance between two colours (OKLab, Euclidean): 0 the same, ~0.4 red vs green. */
export const colourDistance = (a: Rgb, b: Rgb): number => {
  const [la, aa, ba] = toOklab(a);
  const [lb, ab, bb] = toOklab(b);
  return Math.hypot(la - lb, aa - ab, ba - bb);
};

/** Below this, two overlay colours read as one (e.g. two oranges). */
export const DISTINCT = 0.12;

/** The palette colour farthest from `under`, among those at least DISTINCT from every `taken` one (all of them, when none is). */
export const pickContrastColour = (under: Rgb, taken: readonly Rgb[], palette: readonly Rgb[]): Rgb => {
  const free = palette.filter((c) => taken.every((t) => colourDistance(c, t) >= DISTINCT));
  let best: Rgb | undefined;
  let bestDistance = -1;
  for (const c of free.length > 0 ? free : palette) {
    const d = colourDistance(c, under);
    if (d > bestDistance) [best, bestDistance] = [c, d];
  }
  if (!best) throw new Error('pickContrastColour: empty palette');
  return best;
};

/** The mean colour of the image's pixels under the mask's inside cells (sampled at each cell's centre), or null for an empty mask. */
export const meanUnderMask = (image: RgbaImage, mask: MaskLogits): Rgb | null => {
  const extent = gridExtent(mask);
  let [r, g, b, n] = [0, 0, 0, 0];
  for (let y = 0; y < mask.height; y++) {
    const iy = Math.floor(((y + 0.5) / mask.height) * extent.y * image.height);
    if (iy >= image.height) break;
    for (let x = 0; x < mask.width; x++) {
      if (!((mask.data[y * mask.width + x] as number) > 0)) continue;
      const ix = Math.floor(((x + 0.5) / mask.width) * extent.x * image.width);
      if (ix >= image.width) continue;
      const i = 4 * (iy * image.width + ix);
      r += image.data[i] as number;
      g += image.data[i + 1] as number;
      b += image.data[i + 2] as number;
      n++;
    }
  }
  return n === 0 ? null : [r / n, g / n, b / n];
};

/**
 * Colours for a list of objects, in order: each one contrasts with the image under it and differs from the
 * colours given before it. An object with nothing under it yet (no mask) keeps its own colour, which the
 * following ones then avoid.
 */
export const assignOverlayColours = (objects: readonly { id: number; under: Rgb | null; own: Rgb }[], palette: readonly Rgb[]): Map<number, Rgb> => {
  const out = new Map<number, Rgb>();
  for (const o of objects) out.set(o.id, o.under ? pickContrastColour(o.under, [...out.values()], palette) : o.own);
  return out;
};
