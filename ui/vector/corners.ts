/**
 * Corner detection on a dense contour ring: the turn between the directions
 * `k` points behind and `k` points ahead. Looking a few points away (rather than
 * at neighbours) ignores the marching-squares staircase; keeping only local
 * maxima gives one corner per real corner.
 */
import type { Point, Ring } from './types';

const angleBetween = (ax: number, ay: number, bx: number, by: number): number => {
  const d = Math.abs(Math.atan2(by, bx) - Math.atan2(ay, ax));
  return d > Math.PI ? 2 * Math.PI - d : d;
};

export const findCorners = (ring: Ring, cornerAngleDeg: number, k = 3): number[] => {
  const n = ring.length;
  if (n < 2 * k + 2) return [];
  const at = (i: number): Point => ring[((i % n) + n) % n] as Point;
  const turn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = at(i);
    const a = at(i - k);
    const b = at(i + k);
    turn[i] = angleBetween(p[0] - a[0], p[1] - a[1], b[0] - p[0], b[1] - p[1]);
  }
  const limit = (cornerAngleDeg * Math.PI) / 180;
  const corners: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = turn[i] as number;
    if (t <= limit) continue;
    let isMax = true;
    for (let d = 1; d <= k && isMax; d++) {
      const before = turn[(i - d + n) % n] as number;
      const after = turn[(i + d) % n] as number;
      // Strict on one side so a plateau yields exactly one corner.
      if (before >= t || after > t) isMax = false;
    }
    if (isMax) corners.push(i);
  }
  return corners;
};
