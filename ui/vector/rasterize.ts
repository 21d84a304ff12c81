/**
 * Quality tools: rasterise path data back to a mask (even-odd, sampled at pixel
 * centres, curves flattened finely) and compare masks by IoU.
 */
import { parsePathData } from '../../contracts/path-data';

type Edge = [x0: number, y0: number, x1: number, y1: number];

const flatten = (data: string): Edge[] => {
  const edges: Edge[] = [];
  let start: [number, number] = [0, 0];
  let cur: [number, number] = [0, 0];
  const line = (x: number, y: number): void => {
    edges.push([cur[0], cur[1], x, y]);
    cur = [x, y];
  };
  for (const c of parsePathData(data)) {
    if (c.op === 'M') {
      if (cur[0] !== start[0] || cur[1] !== start[1]) line(start[0], start[1]);
      start = cur = [c.points[0].x, c.points[0].y];
    } else if (c.op === 'L') {
      line(c.points[0].x, c.points[0].y);
    } else if (c.op === 'Z') {
      line(start[0], start[1]);
    } else {
      const [p0x, p0y] = cur;
      const pts = c.op === 'Q' ? [c.points[0], c.points[0], c.points[1]] : c.points;
      const [a, b, d] = pts as [{ x: number; y: number }, { x: number; y: number }, { x: number; y: number }];
      const steps = Math.max(4, Math.ceil(Math.hypot(d.x - p0x, d.y - p0y) * 2));
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const s = 1 - t;
        line(
          s * s * s * p0x + 3 * s * s * t * a.x + 3 * s * t * t * b.x + t * t * t * d.x,
          s * s * s * p0y + 3 * s * s * t * a.y + 3 * s * t * t * b.y + t * t * t * d.y,
        );
      }
    }
  }
  if (cur[0] !== start[0] || cur[1] !== start[1]) line(start[0], start[1]);
  return edges;
};

/** Even-odd scanline fill: pixel (i, j) is inside when its centre (i + .5, j + .5) is. Returns 0/1 per pixel. */
export const rasterizePath = (data: string, width: number, height: number): Uint8Array => {
  const out = new Uint8Array(width * height);
  const rows: number[][] = Array.from({ length: height }, () => []);
  for (const [x0, y0, x1, y1] of flatten(data)) {
    if (y0 === y1) continue;
    const [ya, yb] = y0 < y1 ? [y0, y1] : [y1, y0];
    // Half-open [ya, yb) so a vertex on a scanline is counted once.
    for (let j = Math.max(0, Math.ceil(ya - 0.5)); j < height && j + 0.5 < yb; j++) {
      const y = j + 0.5;
      if (y < ya) continue;
      (rows[j] as number[]).push(x0 + ((y - y0) / (y1 - y0)) * (x1 - x0));
    }
  }
  rows.forEach((xs, j) => {
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil((xs[k] as number) - 0.5));
      const to = Math.min(width - 1, Math.ceil((xs[k + 1] as number) - 0.5) - 1);
      for (let i = from; i <= to; i++) out[j * width + i] = 1;
    }
  });
  return out;
};

/** Intersection over union of two masks (nonzero = inside). Two empty masks agree perfectly: 1. */
export const iou = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) throw new Error(`masks differ in size: ${a.length} vs ${b.length}`);
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as number) > 0;
    const y = (b[i] as number) > 0;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union === 0 ? 1 : inter / union;
};
