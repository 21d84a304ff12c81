import type { Point } from './types';

/** Clamps a point into [0, width] × [0, height] (prompts outside the image are moved to its edge). */
export const clampPoint = ([x, y]: Point, width: number, height: number): Point => [
  Math.min(Math.max(Number.isFinite(x) ? x : 0, 0), width),
  Math.min(Math.max(Number.isFinite(y) ? y : 0, 0), height),
];
