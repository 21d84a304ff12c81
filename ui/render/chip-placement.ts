/**
 * Where the label chips go: at the mask's centre unless that would cover a prompt mark (a click dot, a box's
 * edge, a brush stroke) or another chip; then the first free place around it (above, below, right, left, the
 * diagonals, then twice as far). Pure, in display pixels; the chip's size is estimated from its text.
 */
import type { VisualPrompt } from '../engine/prompts/types';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ChipRequest {
  id: number;
  /** The mask's centre, display px. */
  x: number;
  y: number;
  w: number;
  h: number;
}

export const CHIP_HEIGHT = 18;
/** Inter 11px/500 averages ~6.2 px a character; plus the colour dot and padding. */
export const chipWidth = (label: string): number => Math.ceil(label.length * 6.2) + 22;

const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The rectangles the prompts draw on the canvas (display px), which chips must not hide. */
export const promptMarks = (prompts: readonly VisualPrompt[], scale: number): Rect[] =>
  prompts.flatMap((p): Rect[] => {
    if (p.kind === 'click') return [{ x: p.x * scale - 6, y: p.y * scale - 6, w: 12, h: 12 }];
    if (p.kind === 'box') {
      const [x0, x1] = [Math.min(p.x0, p.x1) * scale, Math.max(p.x0, p.x1) * scale];
      const [y0, y1] = [Math.min(p.y0, p.y1) * scale, Math.max(p.y0, p.y1) * scale];
      // The outline, not the inside: the chip of a boxed object belongs inside its box.
      return [
        { x: x0 - 3, y: y0 - 3, w: x1 - x0 + 6, h: 6 },
        { x: x0 - 3, y: y1 - 3, w: x1 - x0 + 6, h: 6 },
        { x: x0 - 3, y: y0 - 3, w: 6, h: y1 - y0 + 6 },
        { x: x1 - 3, y: y0 - 3, w: 6, h: y1 - y0 + 6 },
      ];
    }
    const r = Math.max(2, p.radius * scale);
    return p.points.map(([x, y]) => ({ x: x * scale - r, y: y * scale - r, w: 2 * r, h: 2 * r }));
  });

/** Chip centres (display px) by id, inside `bounds`, avoiding `marks` and each other where the candidates allow. */
export const placeChips = (chips: readonly ChipRequest[], marks: readonly Rect[], bounds: { w: number; h: number }): Map<number, { x: number; y: number }> => {
  const placed: Rect[] = [];
  const out = new Map<number, { x: number; y: number }>();
  for (const c of chips) {
    const dx = c.w / 2 + 4;
    const dy = c.h / 2 + 8;
    const offsets: [number, number][] = [[0, 0]];
    for (const k of [1, 2])
      offsets.push([0, -dy * k], [0, dy * k], [dx * k, 0], [-dx * k, 0], [dx * k, -dy * k], [-dx * k, -dy * k], [dx * k, dy * k], [-dx * k, dy * k]);
    const rectAt = ([ox, oy]: [number, number]): Rect => ({
      x: Math.min(Math.max(0, c.x + ox - c.w / 2), Math.max(0, bounds.w - c.w)),
      y: Math.min(Math.max(0, c.y + oy - c.h / 2), Math.max(0, bounds.h - c.h)),
      w: c.w,
      h: c.h,
    });
    const candidates = offsets.map(rectAt);
    const free = candidates.find((r) => !marks.some((m) => overlaps(r, m)) && !placed.some((p) => overlaps(r, p)));
    const chosen = free ?? rectAt([0, 0]);
    placed.push(chosen);
    out.set(c.id, { x: chosen.x + c.w / 2, y: chosen.y + c.h / 2 });
  }
  return out;
};
