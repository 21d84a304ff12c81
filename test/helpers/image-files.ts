/** Decodes the fixture photos in Node (pngjs / jpeg-js) to the runtime-neutral RgbaImage. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaImage } from '../../ui/image/rgba-image';

export const FIXTURES = join(import.meta.dirname, '../fixtures');

export const decodeFile = (path: string): RgbaImage => {
  const bytes = readFileSync(path);
  if (path.endsWith('.png')) {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) };
  }
  const jpg = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  return { width: jpg.width, height: jpg.height, data: new Uint8ClampedArray(jpg.data.buffer, jpg.data.byteOffset, jpg.data.length) };
};

export const fixture = (name: string): RgbaImage => decodeFile(join(FIXTURES, name));

/** The horse silhouette as ground truth: dark pixels (luminance < 128, opaque) are the horse → 0/255 coverage. */
export const horseMask = (): { width: number; height: number; data: Uint8Array } => {
  const img = fixture('horse.png');
  const data = new Uint8Array(img.width * img.height);
  for (let i = 0; i < data.length; i++) {
    const [r, g, b, a] = [img.data[4 * i] ?? 0, img.data[4 * i + 1] ?? 0, img.data[4 * i + 2] ?? 0, img.data[4 * i + 3] ?? 0];
    const lum = 0.299 * r + 0.587 * g + 0.114 * b;
    data[i] = a >= 128 && lum < 128 ? 255 : 0;
  }
  return { width: img.width, height: img.height, data };
};
