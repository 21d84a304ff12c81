/**
 * A box → positive points inside it and negative points around it.
 *
 * SEEM itself turns a box into one click at its centre (maintainers, upstream
 * issue #42), which often picks a part instead of the object. Here the box is a
 * region prompt: positives on a grid over the box (the way SEEM samples a drawn
 * region), plus negatives on a ring just outside it, which tells the model the
 * object stops at the box. Grid spacing is one model feature cell (`cell` image px).
 */
import { clampPoint } from './clamp';
import { subsampleEvenly } from './subsample';
import type { LabelledPoints, Point } from './types';

export const boxToPoints = (
  box: { x0: number; y0: number; x1: number; y1: number },
  image: { width: number; height: number },
  cell: number,
  budget: number,
): LabelledPoints => {
  const [ax, ay] = clampPoint([box.x0, box.y0], image.width, image.height);
  const [bx, by] = clampPoint([box.x1, box.y1], image.width, image.height);
  const [x0, x1] = ax < bx ? [ax, bx] : [bx, ax];
  const [y0, y1] = ay < by ? [ay, by] : [by, ay];
  const positive: Point[] = [];
  const nx = Math.max(1, Math.round((x1 - x0) / cell));
  const ny = Math.max(1, Math.round((y1 - y0) / cell));
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) positive.push([x0 + ((i + 0.5) * (x1 - x0)) / nx, y0 + ((j + 0.5) * (y1 - y0)) / ny]);
  }
  // The ring: two cells outside each edge, one point per cell along it; points off the image are dropped.
  const d = 2 * cell;
  const negative: Point[] = [];
  const along = (from: Point, to: Point): void => {
    const n = Math.max(1, Math.round(Math.hypot(to[0] - from[0], to[1] - from[1]) / cell));
    for (let k = 0; k < n; k++) {
      const p: Point = [from[0] + ((to[0] - from[0]) * (k + 0.5)) / n, from[1] + ((to[1] - from[1]) * (k + 0.5)) / n];
      if (p[0] >= 0 && p[1] >= 0 && p[0] <= image.width && p[1] <= image.height) negative.push(p);
    }
  };
  along([x0 - d, y0 - d], [x1 + d, y0 - d]);
  along([x1 + d, y0 - d], [x1 + d, y1 + d]);
  along([x1 + d, y1 + d], [x0 - d, y1 + d]);
  along([x0 - d, y1 + d], [x0 - d, y0 - d]);
  return { positive: subsampleEvenly(positive, budget), negative: subsampleEvenly(negative, budget) };
};
