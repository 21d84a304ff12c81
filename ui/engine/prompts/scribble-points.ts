/**
 * A brush stroke → points: the stroke is rasterised on the model's feature grid
 * (one cell = `cell` image px; finer points would sample the same features) and
 * every covered cell centre is a point, in raster order, then evenly subsampled
 * to the budget. Deterministic, unlike SEEM's random pick.
 */
import { clampPoint } from './clamp';
import { subsampleEvenly } from './subsample';
import type { Point } from './types';
import { distanceToSegment } from '../../vector/distance';

export const scribbleToPoints = (stroke: readonly Point[], radius: number, image: { width: number; height: number }, cell: number, budget: number): Point[] => {
  if (stroke.length === 0) return [];
  const pts = stroke.map((p) => clampPoint(p, image.width, image.height));
  const r = Math.max(radius, cell / 2);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const cx0 = Math.max(0, Math.floor((Math.min(...xs) - r) / cell));
  const cx1 = Math.min(Math.ceil(image.width / cell) - 1, Math.floor((Math.max(...xs) + r) / cell));
  const cy0 = Math.max(0, Math.floor((Math.min(...ys) - r) / cell));
  const cy1 = Math.min(Math.ceil(image.height / cell) - 1, Math.floor((Math.max(...ys) + r) / cell));
  const covered: Point[] = [];
  for (let cy = cy0; cy <= cy1; cy++) {
    for (let cx = cx0; cx <= cx1; cx++) {
      const c: Point = [Math.min((cx + 0.5) * cell, image.width), Math.min((cy + 0.5) * cell, image.height)];
      const near =
        pts.length === 1
          ? Math.hypot(c[0] - (pts[0] as Point)[0], c[1] - (pts[0] as Point)[1]) <= r
          : pts.some((p, i) => i > 0 && distanceToSegment(c, pts[i - 1] as Point, p) <= r);
      if (near) covered.push(c);
    }
  }
  // A stroke thinner than a cell still marks the cells its points fall in.
  if (covered.length === 0) covered.push(...pts);
  return subsampleEvenly(covered, budget);
};
