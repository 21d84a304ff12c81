/**
 * Light smoothing of an open chain of contour points (ends fixed): a few passes
 * of the [1 2 1]/4 kernel. It removes the marching-squares staircase (±0.35 px on
 * diagonals) so curve fitting spends its error budget on shape, not on pixel noise.
 */
import type { Point } from './types';

export const smoothChain = (pts: readonly Point[], passes: number): Point[] => {
  let cur = pts.map((p) => [p[0], p[1]] as Point);
  for (let pass = 0; pass < passes; pass++) {
    const next = cur.map((p) => [p[0], p[1]] as Point);
    for (let i = 1; i < cur.length - 1; i++) {
      const a = cur[i - 1] as Point;
      const b = cur[i] as Point;
      const c = cur[i + 1] as Point;
      next[i] = [(a[0] + 2 * b[0] + c[0]) / 4, (a[1] + 2 * b[1] + c[1]) / 4];
    }
    cur = next;
  }
  return cur;
};
