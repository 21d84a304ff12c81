/**
 * Generated scenes for the demo (colour) bundle, used by the playground and the tests: a red disc, a blue square
 * with a square hole, on green; and a reference image with a red triangle on white.
 * Each comes with its ground-truth masks at image resolution.
 */
import type { RgbaImage } from '../image/rgba-image';

export type Rgb = [number, number, number];
export const RED: Rgb = [220, 40, 40];
export const BLUE: Rgb = [40, 70, 220];
export const GREEN: Rgb = [60, 170, 80];
export const WHITE: Rgb = [250, 250, 250];

const paint = (width: number, height: number, colourAt: (x: number, y: number) => Rgb): RgbaImage => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = colourAt(x + 0.5, y + 0.5);
      data.set([c[0], c[1], c[2], 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
};

const maskOf = (width: number, height: number, inside: (x: number, y: number) => boolean): Uint8Array => {
  const m = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) m[y * width + x] = inside(x + 0.5, y + 0.5) ? 1 : 0;
  return m;
};

export const colourScene = (width = 320, height = 256) => {
  const disc = { cx: 0.25 * width, cy: 0.5 * height, r: 0.2 * height };
  const sq = { x0: 0.53 * width, y0: 0.23 * height, x1: 0.9 * width, y1: 0.7 * height };
  const hole = { x0: 0.66 * width, y0: 0.39 * height, x1: 0.78 * width, y1: 0.55 * height };
  const inDisc = (x: number, y: number): boolean => Math.hypot(x - disc.cx, y - disc.cy) <= disc.r;
  const inBox = (b: typeof sq, x: number, y: number): boolean => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1;
  const inSquare = (x: number, y: number): boolean => inBox(sq, x, y) && !inBox(hole, x, y);
  const image = paint(width, height, (x, y) => (inDisc(x, y) ? RED : inSquare(x, y) ? BLUE : GREEN));
  return {
    image,
    disc,
    square: sq,
    hole,
    truth: {
      disc: maskOf(width, height, inDisc),
      square: maskOf(width, height, inSquare),
      background: maskOf(width, height, (x, y) => !inDisc(x, y) && !inSquare(x, y)),
    },
  };
};

export const triangleImage = (width = 256, height = 256) => {
  const inTri = (x: number, y: number): boolean => y > 0.25 * height && y < 0.8 * height && Math.abs(x - width / 2) < (y - 0.25 * height) * 0.6;
  return { image: paint(width, height, (x, y) => (inTri(x, y) ? RED : WHITE)), centroid: [width / 2, 0.62 * height] as const };
};
