/**
 * Mask field → polygons: marching-squares rings (`marching-squares.ts`), outer
 * rings (clockwise) vs holes (anticlockwise) by signed area, each hole given to
 * the smallest outer ring around it; islands inside holes are polygons of their
 * own. Rings below `minArea` px² are dropped (specks and pinholes).
 *
 * Padding puts edges on the image border but chamfers the image's corners;
 * `squareCorners` puts the corner back, so a full mask is exactly its rectangle.
 */
import { marchingSquares } from './marching-squares';
import { signedArea } from './ring-area';
import type { Point, Polygon, Ring } from './types';

export interface ContourOptions {
  /** Rings (outer or hole) smaller than this many square pixels are dropped. */
  minArea?: number;
  /** The iso level: inside where field > level. Default 0. */
  level?: number;
}

const onSide = (p: Point, w: number, h: number): number => (p[0] === 0 ? 1 : 0) | (p[0] === w ? 2 : 0) | (p[1] === 0 ? 4 : 0) | (p[1] === h ? 8 : 0);

const squareCorners = (ring: Ring, w: number, h: number): Ring => {
  const out: Ring = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Point;
    const b = ring[(i + 1) % ring.length] as Point;
    out.push(a);
    const sa = onSide(a, w, h);
    const sb = onSide(b, w, h);
    // a on a vertical border and b on a horizontal one (or the reverse): the chamfer cuts their corner.
    if (((sa & 3) !== 0 && (sb & 12) !== 0) || ((sa & 12) !== 0 && (sb & 3) !== 0)) {
      out.push([sa & 3 ? a[0] : b[0], sa & 12 ? a[1] : b[1]]);
    }
  }
  return out;
};

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}
const boxOf = (ring: Ring): Box => {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
};

/** Even-odd point in ring. */
const contains = (ring: Ring, [px, py]: Point): boolean => {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Point;
    const [xj, yj] = ring[j] as Point;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};

export const traceContours = (field: ArrayLike<number>, width: number, height: number, options: ContourOptions = {}): Polygon[] => {
  if (width === 0 || height === 0) return [];
  const minArea = options.minArea ?? 0;
  const outers: { ring: Ring; area: number; box: Box; holes: Ring[] }[] = [];
  const holes: { ring: Ring; box: Box }[] = [];
  for (const raw of marchingSquares(field, width, height, options.level ?? 0)) {
    const ring = squareCorners(raw, width, height);
    const area = signedArea(ring);
    if (Math.abs(area) < minArea) continue;
    if (area > 0) outers.push({ ring, area, box: boxOf(ring), holes: [] });
    else holes.push({ ring, box: boxOf(ring) });
  }
  for (const hole of holes) {
    // A hole's vertex lies on its outer ring's inside; the smallest enclosing outer ring owns it.
    const probe = hole.ring[0] as Point;
    let owner: (typeof outers)[number] | undefined;
    for (const o of outers) {
      const b = o.box;
      if (hole.box.minX < b.minX || hole.box.maxX > b.maxX || hole.box.minY < b.minY || hole.box.maxY > b.maxY) continue;
      if ((!owner || o.area < owner.area) && contains(o.ring, probe)) owner = o;
    }
    owner?.holes.push(hole.ring);
  }
  return outers.map((o) => ({ outer: o.ring, holes: o.holes }));
};
