/**
 * Several different colour scenes for batch tests and the batch bench: the demo bundle's scene (red disc,
 * blue holed square, green ground) at varied sizes and aspect ratios, every other one mirrored left–right,
 * each a PNG with its own bytes (so its own image hash) and its ground-truth masks.
 */
import { PNG } from 'pngjs';
import type { RgbaImage } from '../../ui/image/rgba-image';
import { colourScene } from './scene';

const SIZES: [number, number][] = [
  [320, 256],
  [256, 320],
  [400, 240],
  [240, 400],
  [384, 384],
  [300, 200],
  [352, 288],
  [288, 352],
];

const mirrorRgba = (img: RgbaImage): RgbaImage => {
  const data = new Uint8ClampedArray(img.data.length);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      data.set(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4), (y * img.width + img.width - 1 - x) * 4);
  return { width: img.width, height: img.height, data };
};

const mirrorMask = (m: Uint8Array, width: number, height: number): Uint8Array => {
  const out = new Uint8Array(m.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + width - 1 - x] = m[y * width + x] ?? 0;
  return out;
};

export const pngBytes = (img: RgbaImage): Uint8Array => {
  const png = new PNG({ width: img.width, height: img.height });
  png.data.set(img.data);
  return new Uint8Array(PNG.sync.write(png));
};

export interface VariedScene {
  name: string;
  width: number;
  height: number;
  png: Uint8Array;
  /** Ground truth of the red disc (what "red" or a region marked on red finds). */
  disc: Uint8Array;
}

/** `count` scenes; `size` fixes every scene's size (e.g. 512² for the bench) instead of varying it. */
export const variedScenes = (count: number, size?: [number, number]): VariedScene[] =>
  Array.from({ length: count }, (_, i) => {
    const [w, h] = size ?? SIZES[i % SIZES.length] ?? [320, 256];
    const s = colourScene(w, h);
    const mirrored = i % 2 === 1;
    const image = mirrored ? mirrorRgba(s.image) : s.image;
    // One pixel in a corner tells otherwise equal scenes apart (distinct bytes, distinct hashes).
    image.data[0] = (image.data[0] ?? 0) ^ ((i % 250) + 1);
    return { name: `Scene ${i + 1}`, width: w, height: h, png: pngBytes(image), disc: mirrored ? mirrorMask(s.truth.disc, w, h) : s.truth.disc };
  });

/** PNG's signature, then bytes that are no PNG: sniffed as PNG, refused by the decoder. */
export const corruptPng = (): Uint8Array =>
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 64 }, (_, i) => (i * 37) % 256)]);
