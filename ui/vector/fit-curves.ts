/**
 * Cubic Bézier fitting after Philip J. Schneider, "An Algorithm for Automatically
 * Fitting Digitized Curves", Graphics Gems (1990): least-squares control points
 * for fixed end tangents, Newton–Raphson reparameterisation, and a split at the
 * worst point (with a smooth tangent there) until every point is within `maxError`.
 *
 * Written with scalar arithmetic over flat arrays: this is the hot loop of the
 * vector pipeline, and per-point tuple allocation made it several times slower.
 */
import type { Point, Segment } from './types';

/** Control points [x0, y0, x1, y1, x2, y2, x3, y3]. */
type Bezier = Float64Array;

const unit = (x: number, y: number): Point => {
  const l = Math.hypot(x, y);
  return l === 0 ? [0, 0] : [x / l, y / l];
};

/** Chord-length parameters of points [from, to] of xs/ys. */
const chordParams = (xs: Float64Array, ys: Float64Array, from: number, to: number): Float64Array => {
  const u = new Float64Array(to - from + 1);
  for (let i = from + 1; i <= to; i++) {
    u[i - from] = (u[i - from - 1] as number) + Math.hypot((xs[i] as number) - (xs[i - 1] as number), (ys[i] as number) - (ys[i - 1] as number));
  }
  const total = u[u.length - 1] as number;
  if (total > 0) for (let i = 0; i < u.length; i++) u[i] = (u[i] as number) / total;
  return u;
};

const generate = (xs: Float64Array, ys: Float64Array, from: number, to: number, u: Float64Array, t1: Point, t2: Point): Bezier => {
  const p0x = xs[from] as number;
  const p0y = ys[from] as number;
  const p3x = xs[to] as number;
  const p3y = ys[to] as number;
  let c00 = 0;
  let c01 = 0;
  let c11 = 0;
  let x0 = 0;
  let x1 = 0;
  for (let i = from; i <= to; i++) {
    const t = u[i - from] as number;
    const s = 1 - t;
    const b1 = 3 * s * s * t;
    const b2 = 3 * s * t * t;
    const a1x = t1[0] * b1;
    const a1y = t1[1] * b1;
    const a2x = t2[0] * b2;
    const a2y = t2[1] * b2;
    c00 += a1x * a1x + a1y * a1y;
    c01 += a1x * a2x + a1y * a2y;
    c11 += a2x * a2x + a2y * a2y;
    const k0 = s * s * s + b1;
    const k3 = b2 + t * t * t;
    const rx = (xs[i] as number) - (p0x * k0 + p3x * k3);
    const ry = (ys[i] as number) - (p0y * k0 + p3y * k3);
    x0 += a1x * rx + a1y * ry;
    x1 += a2x * rx + a2y * ry;
  }
  const det = c00 * c11 - c01 * c01;
  let alpha1 = det === 0 ? 0 : (x0 * c11 - x1 * c01) / det;
  let alpha2 = det === 0 ? 0 : (c00 * x1 - c01 * x0) / det;
  const segLen = Math.hypot(p3x - p0x, p3y - p0y);
  // Degenerate or reversed handles: fall back to Schneider's 1/3-chord heuristic.
  if (alpha1 < 1e-6 * segLen || alpha2 < 1e-6 * segLen) alpha1 = alpha2 = segLen / 3;
  return Float64Array.of(p0x, p0y, p0x + t1[0] * alpha1, p0y + t1[1] * alpha1, p3x + t2[0] * alpha2, p3y + t2[1] * alpha2, p3x, p3y);
};

const at = (b: Bezier, t: number, k: 0 | 1): number => {
  const s = 1 - t;
  return s * s * s * (b[k] as number) + 3 * s * s * t * (b[2 + k] as number) + 3 * s * t * t * (b[4 + k] as number) + t * t * t * (b[6 + k] as number);
};

const distanceToSegmentSq = (px: number, py: number, ax: number, ay: number, bx: number, by: number): number => {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2));
  const ex = px - ax - t * dx;
  const ey = py - ay - t * dy;
  return ex * ex + ey * ey;
};

/**
 * The worst distance between the curve and the points, at their parameters and
 * also halfway between consecutive ones (against the chord between them): points
 * can be sparse, and a curve that passes through them may still bulge between.
 */
const maxError = (xs: Float64Array, ys: Float64Array, from: number, to: number, b: Bezier, u: Float64Array): [number, number] => {
  let worst = 0;
  let index = (from + to) >> 1;
  for (let i = from + 1; i <= to; i++) {
    const t = u[i - from] as number;
    if (i < to) {
      const dx = at(b, t, 0) - (xs[i] as number);
      const dy = at(b, t, 1) - (ys[i] as number);
      const e = dx * dx + dy * dy;
      if (e > worst) {
        worst = e;
        index = i;
      }
    }
    // Halfway in parameter, the curve must stay near the chord between the two points.
    const tm = (t + (u[i - from - 1] as number)) / 2;
    const em = distanceToSegmentSq(at(b, tm, 0), at(b, tm, 1), xs[i - 1] as number, ys[i - 1] as number, xs[i] as number, ys[i] as number);
    if (em > worst) {
      worst = em;
      index = i === to ? i - 1 : i;
    }
  }
  return [Math.sqrt(worst), index];
};

/** One Newton–Raphson step per point towards its closest point on `b`. */
const reparameterise = (xs: Float64Array, ys: Float64Array, from: number, b: Bezier, u: Float64Array): void => {
  for (let k = 0; k < u.length; k++) {
    const t = u[k] as number;
    const s = 1 - t;
    const px = xs[from + k] as number;
    const py = ys[from + k] as number;
    const dx = at(b, t, 0) - px;
    const dy = at(b, t, 1) - py;
    // First and second derivatives of the cubic.
    const q0x = 3 * ((b[2] as number) - (b[0] as number));
    const q0y = 3 * ((b[3] as number) - (b[1] as number));
    const q1x = 3 * ((b[4] as number) - (b[2] as number));
    const q1y = 3 * ((b[5] as number) - (b[3] as number));
    const q2x = 3 * ((b[6] as number) - (b[4] as number));
    const q2y = 3 * ((b[7] as number) - (b[5] as number));
    const d1x = q0x * s * s + 2 * q1x * s * t + q2x * t * t;
    const d1y = q0y * s * s + 2 * q1y * s * t + q2y * t * t;
    const d2x = 2 * s * (q1x - q0x) + 2 * t * (q2x - q1x);
    const d2y = 2 * s * (q1y - q0y) + 2 * t * (q2y - q1y);
    const den = d1x * d1x + d1y * d1y + dx * d2x + dy * d2y;
    if (den !== 0) u[k] = Math.min(1, Math.max(0, t - (dx * d1x + dy * d1y) / den));
  }
};

const pushCurve = (out: Segment[], b: Bezier): void => {
  out.push({ type: 'C', c1: [b[2] as number, b[3] as number], c2: [b[4] as number, b[5] as number], to: [b[6] as number, b[7] as number] });
};

const fitRange = (xs: Float64Array, ys: Float64Array, from: number, to: number, t1: Point, t2: Point, tol: number, out: Segment[], depth: number): void => {
  if (to - from === 1) {
    out.push({ type: 'L', to: [xs[to] as number, ys[to] as number] });
    return;
  }
  const u = chordParams(xs, ys, from, to);
  let b = generate(xs, ys, from, to, u, t1, t2);
  let [error, index] = maxError(xs, ys, from, to, b, u);
  if (error > tol && error <= tol * 4) {
    for (let iter = 0; iter < 4 && error > tol; iter++) {
      reparameterise(xs, ys, from, b, u);
      b = generate(xs, ys, from, to, u, t1, t2);
      [error, index] = maxError(xs, ys, from, to, b, u);
    }
  }
  if (error <= tol || depth > 32) {
    pushCurve(out, b);
    return;
  }
  const split = Math.max(from + 1, Math.min(to - 1, index));
  const center = unit((xs[split - 1] as number) - (xs[split + 1] as number), (ys[split - 1] as number) - (ys[split + 1] as number));
  fitRange(xs, ys, from, split, t1, center, tol, out, depth + 1);
  fitRange(xs, ys, split, to, [-center[0], -center[1]], t2, tol, out, depth + 1);
};

/**
 * Fits an open chain of points (first and last kept exactly) with cubic Béziers.
 * `startTangent`/`endTangent` point into the chain at its ends (estimated when omitted).
 */
export const fitCurve = (pts: readonly Point[], maxErrorPx: number, startTangent?: Point, endTangent?: Point): Segment[] => {
  const n = pts.length;
  if (n < 2) return [];
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  pts.forEach((p, i) => {
    xs[i] = p[0];
    ys[i] = p[1];
  });
  const t1 = startTangent ?? unit((xs[1] as number) - (xs[0] as number), (ys[1] as number) - (ys[0] as number));
  const t2 = endTangent ?? unit((xs[n - 2] as number) - (xs[n - 1] as number), (ys[n - 2] as number) - (ys[n - 1] as number));
  const out: Segment[] = [];
  fitRange(xs, ys, 0, n - 1, t1, t2, maxErrorPx, out, 0);
  return out;
};

/** A unit tangent pointing from `prev` towards `next`. */
export const centralTangent = (prev: Point, next: Point): Point => unit(next[0] - prev[0], next[1] - prev[1]);
