/**
 * Mask → clean Figma vector path. Pure TypeScript, no DOM: runs in the UI worker and in Node.
 *
 *   mask ─▶ iso field ─▶ contours (marching squares) ─▶ per ring: simplify, corners,
 *          Bézier fit ─▶ `M L C Z` path data (EVENODD)
 *
 * Optional edge refinement (`refineMask`) runs before this on coarse model logits.
 */
import { traceContours } from './contours';
import { maskLevel } from './iso-field';
import { ringToPath } from './ring-to-path';
import { serializePaths } from './serialize';
import type { ClosedPath, FigmaVectorPath, Mask } from './types';

export interface MaskToPathOptions {
  /** Max distance (px) between the contour and the simplified polygon. Default 0.5. */
  tolerance?: number;
  /** Fit cubic Béziers between corners (default) or keep straight segments. */
  curves?: boolean;
  /**
   * Max distance (px) of the smoothed contour from the fitted curves. Default 0.7 × tolerance:
   * smoothing and point decimation spend the rest of the budget.
   */
  curveError?: number;
  /** A polygon vertex turning more than this (degrees) is a corner. Default 60. */
  cornerAngle?: number;
  /** Rings (islands and holes) smaller than this many px² are dropped. Default 4. */
  minArea?: number;
  /** Decimals in the path data. Default 2. */
  decimals?: number;
}

export const DEFAULTS: Required<MaskToPathOptions> = {
  tolerance: 0.5,
  curves: true,
  curveError: 0.35,
  cornerAngle: 60,
  minArea: 4,
  decimals: 2,
};

export const maskToClosedPaths = (mask: Mask, options: MaskToPathOptions = {}): ClosedPath[] => {
  const o = { ...DEFAULTS, curveError: 0.7 * (options.tolerance ?? DEFAULTS.tolerance), ...options };
  const level = maskLevel(mask);
  const out: ClosedPath[] = [];
  for (const polygon of traceContours(mask.data, mask.width, mask.height, { minArea: o.minArea, level })) {
    for (const ring of [polygon.outer, ...polygon.holes]) {
      const path = ringToPath(ring, o);
      if (path) out.push(path);
    }
  }
  return out;
};

export const maskToPath = (mask: Mask, options: MaskToPathOptions = {}): FigmaVectorPath =>
  serializePaths(maskToClosedPaths(mask, options), options.decimals ?? DEFAULTS.decimals);

export { traceContours } from './contours';
export { maskLevel, MaskError } from './iso-field';
export { simplifyOpenIndices } from './simplify';
export { fitCurve } from './fit-curves';
export { ringToPath } from './ring-to-path';
export { serializePaths, countCommands } from './serialize';
export { rasterizePath, iou } from './rasterize';
export { signedArea } from './ring-area';
export type { ClosedPath, FigmaVectorPath, Mask, Point, Polygon, Ring, Segment } from './types';
