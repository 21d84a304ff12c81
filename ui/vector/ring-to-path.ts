/**
 * One dense contour ring → a closed path of lines and cubic curves.
 *
 * 1. Corners (`findCorners`) cut the ring into chains; a ring without corners is
 *    cut at its first point and fitted as one smooth chain.
 * 2. Each chain is smoothed (ends fixed) to remove the pixel staircase — fewer
 *    passes on thin rings, none where the error budget is tight — and thinned to
 *    the vertices of a 0.15-px Douglas–Peucker simplification.
 * 3. A chain within `tolerance` of its chord becomes one `L`; with `curves`, any
 *    other chain is fitted with cubic Béziers (Schneider) within `curveError`;
 *    without, it is simplified with Douglas–Peucker into `L` segments.
 * Thin rings (slivers, narrow holes) get an error budget scaled to their mean
 * thickness, so a fixed pixel error does not eat a large share of their area.
 */
import { findCorners } from './corners';
import { centralTangent, fitCurve } from './fit-curves';
import { simplifyOpenIndices } from './simplify';
import { signedArea } from './ring-area';
import { smoothChain } from './smooth';
import type { ClosedPath, Point, Ring, Segment } from './types';

export interface RingToPathOptions {
  tolerance: number;
  curves: boolean;
  curveError: number;
  cornerAngle: number;
}

interface ChainOptions extends RingToPathOptions {
  smoothPasses: number;
}

const SMOOTH_PASSES = 8;
/** One smoothing pass per this many px of mean ring thickness, between 2 and SMOOTH_PASSES. */
const SMOOTH_PER_PX = 4;
/** Points either side used to estimate a chain's end tangent. */
const TANGENT_REACH = 1;
/** Max distance (px) between the smoothed contour and the points the curves are fitted to. */
const FIT_DECIMATION = 0.15;

const chainFrom = (ring: Ring, from: number, to: number): Point[] => {
  const n = ring.length;
  const out: Point[] = [];
  for (let i = from; ; i = (i + 1) % n) {
    out.push(ring[i] as Point);
    if (i === to && out.length > 1) break;
  }
  return out;
};

const chainSegments = (chain: Point[], o: ChainOptions, closedSmooth: boolean): Segment[] => {
  if (!o.curves)
    return simplifyOpenIndices(chain, o.tolerance)
      .slice(1)
      .map((i) => ({ type: 'L', to: chain[i] as Point }));
  // Smoothing shifts a curve by a fraction of a pixel: only where the error budget allows it.
  // Then fit the vertices of a fine simplification of the smoothed chain, not every
  // contour point: far fewer points, within FIT_DECIMATION px of the dense ones.
  const smooth = smoothChain(chain, o.curveError >= 0.3 ? o.smoothPasses : 0);
  const pts = simplifyOpenIndices(smooth, FIT_DECIMATION).map((i) => smooth[i] as Point);
  if (simplifyOpenIndices(pts, o.tolerance).length === 2) return [{ type: 'L', to: chain[chain.length - 1] as Point }];
  const r = Math.min(TANGENT_REACH, pts.length - 1);
  const first = pts[0] as Point;
  const last = pts[pts.length - 1] as Point;
  const t1 = closedSmooth ? centralTangent(pts[pts.length - 1 - r] as Point, pts[r] as Point) : centralTangent(first, pts[r] as Point);
  const t2 = closedSmooth ? centralTangent(pts[r] as Point, pts[pts.length - 1 - r] as Point) : centralTangent(last, pts[pts.length - 1 - r] as Point);
  return fitCurve(pts, o.curveError, t1, t2);
};

/** Rings with fewer points than this (a few pixels across) stay polygons: smoothing would eat them. */
const MIN_CURVE_RING = 16;

/**
 * A thin ring (a sliver where two shapes meet, a narrow hole) loses a large share
 * of its area to a fixed error: the error budget shrinks with the ring's mean
 * thickness 2·area / perimeter, down to a floor.
 */
const THIN_FRACTION = 0.05;
const MIN_ERROR = 0.15;

const meanThickness = (ring: Ring): number => {
  let perimeter = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Point;
    const b = ring[(i + 1) % ring.length] as Point;
    perimeter += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return perimeter === 0 ? 0 : (2 * Math.abs(signedArea(ring))) / perimeter;
};

export const ringToPath = (ring: Ring, options: RingToPathOptions): ClosedPath | null => {
  if (ring.length < 3) return null;
  const thickness = meanThickness(ring);
  const budget = Math.max(MIN_ERROR, THIN_FRACTION * thickness);
  const o: ChainOptions = {
    ...options,
    // Smoothing shrinks convex curves by about passes/(4·radius) px: fewer passes on small shapes.
    smoothPasses: Math.round(Math.min(SMOOTH_PASSES, Math.max(2, thickness / SMOOTH_PER_PX))),
    tolerance: Math.min(options.tolerance, budget),
    curveError: Math.min(options.curveError, budget),
    curves: options.curves && ring.length >= MIN_CURVE_RING,
  };
  const corners = o.curves ? findCorners(ring, o.cornerAngle) : [];
  if (corners.length === 0) {
    const chain = [...ring, ring[0] as Point];
    if (!o.curves) {
      const keep = simplifyOpenIndices(chain, o.tolerance);
      if (keep.length < 4) return null;
      return { start: ring[0] as Point, segments: keep.slice(1).map((i) => ({ type: 'L', to: chain[i] as Point })) };
    }
    return { start: ring[0] as Point, segments: chainSegments(chain, o, true) };
  }
  const segments: Segment[] = [];
  for (let c = 0; c < corners.length; c++) {
    const from = corners[c] as number;
    const to = corners[(c + 1) % corners.length] as number;
    segments.push(...chainSegments(chainFrom(ring, from, to), o, false));
  }
  return { start: ring[corners[0] as number] as Point, segments };
};
