/**
 * Figma's vector path grammar, checked independently of the plugin's own parser
 * (contracts/path-data.ts) so a bug there cannot hide itself: absolute
 * M/L/Q/C/Z only, one space between tokens, plain decimal numbers, no commas.
 */
const NUM = '-?(?:\\d+(?:\\.\\d+)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
const SEGMENT = new RegExp(`^(?:M ${NUM} ${NUM}|L ${NUM} ${NUM}|Q ${NUM} ${NUM} ${NUM} ${NUM}|C ${NUM} ${NUM} ${NUM} ${NUM} ${NUM} ${NUM}|Z)$`);

export const assertFigmaPathData = (data: string): void => {
  if (data === '') return;
  if (/[^MLQCZ0-9eE.\- +]/.test(data)) {
    throw new Error(`Invalid vector path data: unsupported character in "${data.slice(0, 60)}"`);
  }
  if (!data.startsWith('M ')) throw new Error('Invalid vector path data: must start with M');
  // Split before every command letter and check each segment whole.
  const segments = data.split(/ (?=[MLQCZ](?: |$))/);
  for (const seg of segments) {
    if (!SEGMENT.test(seg)) throw new Error(`Invalid vector path data: bad segment "${seg.slice(0, 60)}"`);
  }
};
