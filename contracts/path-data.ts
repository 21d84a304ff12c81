/**
 * Figma's vector path grammar (a strict subset of SVG path data): absolute
 * `M x y`, `L x y`, `Q x0 y0 x y`, `C x0 y0 x1 y1 x y`, `Z`, tokens separated by
 * single spaces, no commas, no relative or shorthand commands.
 *
 * Paths cross the sandbox↔UI channel as strings; the sandbox parses them with
 * `parsePathData` (which rejects anything Figma would) before creating a node,
 * so a bad path fails before anything is written to the document.
 */
/** A point in image pixels (the UI's side) or node-local units (after the sandbox maps it). */
export interface Point {
  x: number;
  y: number;
}

export type PathCommand =
  { op: 'M' | 'L'; points: [Point] } | { op: 'Q'; points: [Point, Point] } | { op: 'C'; points: [Point, Point, Point] } | { op: 'Z'; points: [] };

const ARITY = { M: 1, L: 1, Q: 2, C: 3, Z: 0 } as const;
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

export class PathDataError extends Error {
  override name = 'PathDataError';
}

export const parsePathData = (data: string): PathCommand[] => {
  if (data === '') return [];
  if (/^\s|\s$|\s\s|[^\S ]/.test(data)) throw new PathDataError('path data must use single spaces between tokens');
  const tokens = data.split(' ');
  const out: PathCommand[] = [];
  let i = 0;
  const readNumber = (): number => {
    const t = tokens[i++];
    if (t === undefined || !NUMBER.test(t)) throw new PathDataError(`expected a number at token ${i - 1}, got "${t ?? 'end'}"`);
    return Number(t);
  };
  while (i < tokens.length) {
    const op = tokens[i++];
    if (op !== 'M' && op !== 'L' && op !== 'Q' && op !== 'C' && op !== 'Z') {
      throw new PathDataError(`unsupported path command "${op ?? ''}" (Figma takes absolute M, L, Q, C, Z)`);
    }
    if (out.length === 0 && op !== 'M') throw new PathDataError('path data must start with M');
    const points: Point[] = [];
    for (let k = 0; k < ARITY[op]; k++) points.push({ x: readNumber(), y: readNumber() });
    out.push({ op, points } as PathCommand);
  }
  return out;
};

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Bounds of all points, control points included (a safe superset of the curve). */
export const pathBounds = (commands: readonly PathCommand[]): Bounds | null => {
  let b: Bounds | null = null;
  for (const c of commands) {
    for (const p of c.points) {
      b = b
        ? { minX: Math.min(b.minX, p.x), minY: Math.min(b.minY, p.y), maxX: Math.max(b.maxX, p.x), maxY: Math.max(b.maxY, p.y) }
        : { minX: p.x, minY: p.y, maxX: p.x, maxY: p.y };
    }
  }
  return b;
};

/** Fixed precision, trailing zeros trimmed, never `-0` or exponent notation. */
export const formatNumber = (v: number, decimals = 3): string => {
  if (!Number.isFinite(v)) throw new PathDataError(`non-finite coordinate ${v}`);
  const fixed = v.toFixed(decimals);
  const s = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return s === '-0' || s === '' ? '0' : s;
};

export const serializePath = (commands: readonly PathCommand[], decimals = 3): string =>
  commands.map((c) => [c.op, ...c.points.flatMap((p) => [formatNumber(p.x, decimals), formatNumber(p.y, decimals)])].join(' ')).join(' ');
