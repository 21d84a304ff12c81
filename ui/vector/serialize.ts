/** Closed paths → Figma vector path data: absolute `M L C Z`, single spaces, fixed precision, EVENODD. */
import { formatNumber } from '../../contracts/path-data';
import type { ClosedPath, FigmaVectorPath, Point } from './types';

export const serializePaths = (paths: readonly ClosedPath[], decimals = 2): FigmaVectorPath => {
  const f = (p: Point): string => `${formatNumber(p[0], decimals)} ${formatNumber(p[1], decimals)}`;
  const parts: string[] = [];
  for (const path of paths) {
    parts.push(`M ${f(path.start)}`);
    path.segments.forEach((s, i) => {
      // Z draws the closing line itself: a last L back to the start would be redundant.
      const closing = i === path.segments.length - 1 && s.type === 'L' && s.to[0] === path.start[0] && s.to[1] === path.start[1];
      if (!closing) parts.push(s.type === 'L' ? `L ${f(s.to)}` : `C ${f(s.c1)} ${f(s.c2)} ${f(s.to)}`);
    });
    parts.push('Z');
  }
  return { windingRule: 'EVENODD', data: parts.join(' ') };
};

/** Path commands in Figma path data (M, L, Q, C, Z each count as one). */
export const countCommands = (data: string): number => (data.match(/[MLQCZ]/g) ?? []).length;
