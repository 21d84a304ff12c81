/**
 * Douglas–Peucker: no point of the original chain is farther than `tolerance`
 * pixels from the simplified one. Returns the indices kept, so callers can go back
 * to the dense points between two kept vertices (curve fitting does).
 */
import type { Point } from './types';
import { distanceToSegment } from './distance';

/** Indices of `points[first..last]` to keep, `first` and `last` included (iterative: no deep recursion on long rings). */
const douglasPeucker = (points: readonly Point[], first: number, last: number, tolerance: number, keep: Uint8Array): void => {
  const stack: [number, number][] = [[first, last]];
  while (stack.length > 0) {
    const [i0, i1] = stack.pop() as [number, number];
    const a = points[i0] as Point;
    const b = points[i1] as Point;
    let worst = -1;
    let worstD = tolerance;
    for (let i = i0 + 1; i < i1; i++) {
      const d = distanceToSegment(points[i] as Point, a, b);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([i0, worst], [worst, i1]);
    }
  }
};

/** Douglas–Peucker for an open chain: indices kept, both ends included. */
export const simplifyOpenIndices = (points: readonly Point[], tolerance: number): number[] => {
  const n = points.length;
  if (n <= 2) return points.map((_, i) => i);
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  douglasPeucker(points, 0, n - 1, tolerance, keep);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return out;
};
