/**
 * "Segment everything": SEEM's panoptic inference on the object queries.
 *  1. Softmax over the vocabulary (background last); keep queries whose best class is not
 *     background and whose probability exceeds `objectThreshold`.
 *  2. Each pixel goes to the kept query with the largest probability · sigmoid(mask).
 *  3. A query keeps its pixels only if they are inside its own mask (sigmoid ≥ 0.5) and
 *     cover at least `overlapThreshold` of that mask (else it is mostly hidden: dropped).
 *  4. Stuff classes (thing = false) are merged into one segment per class.
 * Works on the valid (unpadded) region of the low-resolution masks.
 */
export interface PanopticInput {
  /** [Q, h, w] mask logits, already cropped to the valid region. */
  masks: Float32Array;
  width: number;
  height: number;
  /** [Q, K] class logits. */
  classLogits: Float32Array;
  classes: number;
  /** Queries allowed to take part (the object queries). */
  queries: readonly number[];
  thing: readonly boolean[];
  objectThreshold: number;
  overlapThreshold: number;
}

export interface PanopticSegment {
  /** 0/1 per low-res pixel. */
  mask: Uint8Array;
  classIndex: number;
  score: number;
  queries: number[];
  area: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export const panopticMerge = (p: PanopticInput): PanopticSegment[] => {
  const hw = p.width * p.height;
  const k = p.classes;
  const kept: { q: number; cls: number; score: number }[] = [];
  for (const q of p.queries) {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < k; i++) max = Math.max(max, p.classLogits[q * k + i] as number);
    let sum = 0;
    let best = 0;
    for (let i = 0; i < k; i++) {
      const e = Math.exp((p.classLogits[q * k + i] as number) - max);
      sum += e;
      if ((p.classLogits[q * k + i] as number) > (p.classLogits[q * k + best] as number)) best = i;
    }
    const score = Math.exp((p.classLogits[q * k + best] as number) - max) / sum;
    if (best !== k - 1 && score > p.objectThreshold) kept.push({ q, cls: best, score });
  }
  const owner = new Int32Array(hw).fill(-1);
  const bestValue = new Float32Array(hw).fill(Number.NEGATIVE_INFINITY);
  kept.forEach(({ q, score }, i) => {
    for (let j = 0; j < hw; j++) {
      const v = score * sigmoid(p.masks[q * hw + j] as number);
      if (v > (bestValue[j] as number)) {
        bestValue[j] = v;
        owner[j] = i;
      }
    }
  });
  const segments: PanopticSegment[] = [];
  const stuff = new Map<number, PanopticSegment>();
  kept.forEach(({ q, cls, score }, i) => {
    let ownArea = 0;
    let visible = 0;
    const mask = new Uint8Array(hw);
    for (let j = 0; j < hw; j++) {
      const inside = (p.masks[q * hw + j] as number) >= 0;
      if (inside) ownArea++;
      if (inside && owner[j] === i) {
        mask[j] = 1;
        visible++;
      }
    }
    if (ownArea === 0 || visible === 0 || visible / ownArea < p.overlapThreshold) return;
    if (!p.thing[cls]) {
      const merged = stuff.get(cls);
      if (merged) {
        for (let j = 0; j < hw; j++) if (mask[j]) merged.mask[j] = 1;
        merged.area += visible;
        merged.queries.push(q);
        merged.score = Math.max(merged.score, score);
        return;
      }
      const seg = { mask, classIndex: cls, score, queries: [q], area: visible };
      stuff.set(cls, seg);
      segments.push(seg);
      return;
    }
    segments.push({ mask, classIndex: cls, score, queries: [q], area: visible });
  });
  return segments.sort((a, b) => b.area - a.area);
};
