/** Shared shapes of the vector pipeline. Coordinates are in mask pixels; pixel (i, j) has its centre at (i + 0.5, j + 0.5). */
export type Point = [x: number, y: number];
/** A closed ring; the first point is not repeated at the end. */
export type Ring = Point[];
/** An outer ring with its holes. Outer rings are clockwise on screen (y down), holes anticlockwise. */
export interface Polygon {
  outer: Ring;
  holes: Ring[];
}

/**
 * A mask: Float32Array = logits (inside where > 0), Uint8Array = 0–255 coverage
 * (inside where ≥ 128). Row-major, `width·height` values.
 */
export interface Mask {
  width: number;
  height: number;
  data: Float32Array | Uint8Array;
}

export type Segment = { type: 'L'; to: Point } | { type: 'C'; c1: Point; c2: Point; to: Point };
/** A closed path: start point, then segments ending back at the start. */
export interface ClosedPath {
  start: Point;
  segments: Segment[];
}

export interface FigmaVectorPath {
  windingRule: 'EVENODD';
  data: string;
}
