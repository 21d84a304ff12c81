/**
 * Prompts, in IMAGE-PIXEL coordinates of the image they are drawn on (origin
 * top-left, x right, y down). Anything outside the image is clamped to its edge.
 */
export type Point = [x: number, y: number];

export type VisualPrompt =
  | { kind: 'click'; x: number; y: number; positive: boolean }
  /** Any two opposite corners. */
  | { kind: 'box'; x0: number; y0: number; x1: number; y1: number }
  /** A brush stroke: its centre line and radius (image px). */
  | { kind: 'scribble'; points: Point[]; radius: number; positive: boolean };

export interface LabelledPoints {
  positive: Point[];
  negative: Point[];
}
