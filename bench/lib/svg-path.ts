/**
 * Normalises SVG path data from other tools (potrace writes `C a, b, c d, e, f`
 * with implicit repeats) into Figma's explicit absolute grammar, so every tool's
 * output is rasterised and counted the same way: one command per segment.
 */
export const svgPathToFigma = (d: string): string => {
  const tokens = d.replace(/,/g, ' ').match(/[MLCZmlcz]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g) ?? [];
  const out: string[] = [];
  let op = '';
  let i = 0;
  const arity: Record<string, number> = { M: 2, L: 2, C: 6, Z: 0 };
  while (i < tokens.length) {
    const t = tokens[i] as string;
    if (/^[A-Za-z]$/.test(t)) {
      if (t !== t.toUpperCase()) throw new Error(`relative command ${t} not handled`);
      op = t;
      i++;
      if (op === 'Z') {
        out.push('Z');
        continue;
      }
    }
    const n = arity[op];
    if (n === undefined || n === 0) throw new Error(`unexpected token ${t}`);
    out.push([op, ...tokens.slice(i, i + n)].join(' '));
    i += n;
    if (op === 'M') op = 'L'; // SVG: coordinates after M are implicit L
  }
  return out.join(' ');
};
