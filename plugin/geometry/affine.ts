/**
 * 2×3 affine transforms in Figma's layout `[[a, b, tx], [c, d, ty]]`:
 * x' = a·x + b·y + tx, y' = c·x + d·y + ty. Pure functions, no Figma API.
 */
import type { Point } from '../../contracts/path-data';
import type { Matrix } from '../../contracts/sandbox';

export type { Matrix, Point };

export const IDENTITY: Matrix = [
  [1, 0, 0],
  [0, 1, 0],
];

export const translate = (tx: number, ty: number): Matrix => [
  [1, 0, tx],
  [0, 1, ty],
];

export const scale = (sx: number, sy: number): Matrix => [
  [sx, 0, 0],
  [0, sy, 0],
];

/** `multiply(m, n)` applies `n` first, then `m`. */
export const multiply = (m: Matrix, n: Matrix): Matrix => {
  const [[a, b, tx], [c, d, ty]] = m;
  const [[e, f, ux], [g, h, uy]] = n;
  return [
    [a * e + b * g, a * f + b * h, a * ux + b * uy + tx],
    [c * e + d * g, c * f + d * h, c * ux + d * uy + ty],
  ];
};

/** Composes left to right in application order: `compose(A, B, C)` applies A, then B, then C. */
export const compose = (...steps: Matrix[]): Matrix => steps.reduce((acc, m) => multiply(m, acc), IDENTITY);

export const invert = (m: Matrix): Matrix => {
  const [[a, b, tx], [c, d, ty]] = m;
  const det = a * d - b * c;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) {
    throw new Error(`transform is not invertible (determinant ${det})`);
  }
  const ia = d / det;
  const ib = -b / det;
  const ic = -c / det;
  const id = a / det;
  return [
    [ia, ib, -(ia * tx + ib * ty)],
    [ic, id, -(ic * tx + id * ty)],
  ];
};

export const apply = (m: Matrix, p: Point): Point => ({
  x: m[0][0] * p.x + m[0][1] * p.y + m[0][2],
  y: m[1][0] * p.x + m[1][1] * p.y + m[1][2],
});
