/** Maps every point of a parsed path (contracts/path-data) through an affine transform: image pixels → node-local units. */
import type { PathCommand } from '../../contracts/path-data';
import { apply, type Matrix } from './affine';

export const transformPath = (commands: readonly PathCommand[], m: Matrix): PathCommand[] =>
  commands.map((c) => ({ op: c.op, points: c.points.map((p) => apply(m, p)) }) as PathCommand);
