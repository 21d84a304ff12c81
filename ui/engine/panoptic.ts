/**
 * "Segment everything": SEEM's panoptic inference on the object queries (upstream 7b2e76d
 * `modeling/architectures/seem_model_demo.py:814–869`, `panoptic_inference`):
 *  1. Softmax over the vocabulary (background last); keep queries whose best class is not
 *     background and whose probability exceeds `objectThreshold` (:815–818).
 *  2. Each pixel goes to the kept query with the largest probability · sigmoid(mask) (:838),
 *     the first such query on ties (torch's argmax).
 *  3. A query survives only if the pixels it wins, ALL of them, make up at least `overlapThreshold`
 *     of its own mask (sigmoid ≥ 0.5) (:843–848: `mask_area / original_area`); it then gets the
 *     pixels that it wins AND that are inside its mask, and must get at least one.
 *  4. Stuff classes (thing = false) are merged into one segment per class (:851–856).
 * Upstream merges at the resized image's full resolution (`evaluate`, :365 upsampling to the
 * padded size, :384 crop via `sem_seg_postprocess`, :398 merge): `panopticFromQueries` does that.
 */
import { cellsRead, upsampleCrop, type MaskLogits } from './mask-mapping';

export interface PanopticInput {
  width: number;
  height: number;
  /** Query q's mask logits at width × height (called twice per kept query, so masks need not all be held). */
  logits: (q: number) => Float32Array;
  /** [Q, K] class logits. */
  classLogits: Float32Array;
  classes: number;
  /** Queries allowed to take part (the object queries), in query order. */
  queries: readonly number[];
  thing: readonly boolean[];
  objectThreshold: number;
  overlapThreshold: number;
}

export interface PanopticSegment {
  /** 0/1 per pixel of width × height. */
  mask: Uint8Array;
  classIndex: number;
  /** Class probability (merged stuff: the largest of its queries'). */
  score: number;
  queries: number[];
  area: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Softmax over one query's K logits: the arg-max class (first on ties) and its probability. */
const bestClass = (logits: Float32Array, offset: number, k: number): { cls: number; score: number } => {
  let best = 0;
  for (let i = 1; i < k; i++) if ((logits[offset + i] as number) > (logits[offset + best] as number)) best = i;
  const max = logits[offset + best] as number;
  let sum = 0;
  for (let i = 0; i < k; i++) sum += Math.exp((logits[offset + i] as number) - max);
  return { cls: best, score: 1 / sum };
};

export const panopticMerge = (p: PanopticInput): PanopticSegment[] => {
  const hw = p.width * p.height;
  const k = p.classes;
  const kept: { q: number; cls: number; score: number }[] = [];
  for (const q of p.queries) {
    const { cls, score } = bestClass(p.classLogits, q * k, k);
    if (cls !== k - 1 && score > p.objectThreshold) kept.push({ q, cls, score });
  }
  const owner = new Int32Array(hw).fill(-1);
  const bestValue = new Float32Array(hw).fill(Number.NEGATIVE_INFINITY);
  kept.forEach(({ q, score }, i) => {
    const logits = p.logits(q);
    for (let j = 0; j < hw; j++) {
      // Compared in float32, as upstream's tensors are: a double against a stored float32 could win a tie it should not.
      const v = Math.fround(score * sigmoid(logits[j] as number));
      if (v > (bestValue[j] as number)) {
        bestValue[j] = v;
        owner[j] = i;
      }
    }
  });
  const segments: PanopticSegment[] = [];
  const stuff = new Map<number, PanopticSegment>();
  kept.forEach(({ q, cls, score }, i) => {
    const logits = p.logits(q);
    let won = 0;
    let ownArea = 0;
    let visible = 0;
    const mask = new Uint8Array(hw);
    for (let j = 0; j < hw; j++) {
      // sigmoid(x) ≥ 0.5 ⇔ x ≥ 0.
      const inside = (logits[j] as number) >= 0;
      const wins = owner[j] === i;
      if (wins) won++;
      if (inside) ownArea++;
      if (inside && wins) {
        mask[j] = 1;
        visible++;
      }
    }
    if (won === 0 || ownArea === 0 || visible === 0 || won / ownArea < p.overlapThreshold) return;
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

/**
 * Where the merge runs: "input" — upstream's: every kept query's logits upsampled to the padded
 * input and cropped to the resized image (≈512 px short side), merged per pixel; "grid" — on the
 * stride-4 feature cells of the valid region (16× less work and memory, but ownership is decided
 * per 4×4 block and a segment's keep/drop can differ from upstream).
 */
export type PanopticResolution = 'input' | 'grid';

export interface QueryMasks {
  /** [Q, gridHeight, gridWidth] mask logits: the whole (padded) feature grid. */
  masks: Float32Array;
  gridWidth: number;
  gridHeight: number;
  /** Input pixels per grid cell (the mask stride). */
  cell: number;
  /** The resized image inside the padded input. */
  validWidth: number;
  validHeight: number;
}

export interface PanopticFromQueriesOptions extends Omit<PanopticInput, 'width' | 'height' | 'logits'> {
  resolution: PanopticResolution;
}

export interface PanopticMask extends Omit<PanopticSegment, 'mask'> {
  /** The segment as logits (±8: inside/outside), with its frame, so it takes the same path as a prompted mask. */
  mask: MaskLogits;
}

/** Segment everything from the decoder's query outputs: upsampling (or not, see `resolution`), merge, segment masks. */
export const panopticFromQueries = (m: QueryMasks, o: PanopticFromQueriesOptions): PanopticMask[] => {
  const gridSize = m.gridWidth * m.gridHeight;
  const grid = (q: number): Float32Array => m.masks.subarray(q * gridSize, (q + 1) * gridSize);
  const { resolution, ...rest } = o;
  if (resolution === 'input') {
    const width = m.validWidth;
    const height = m.validHeight;
    const segments = panopticMerge({ ...rest, width, height, logits: (q) => upsampleCrop(grid(q), m.gridWidth, m.gridHeight, m.cell, width, height) });
    const frame = { cell: 1, validWidth: width, validHeight: height };
    return segments.map((s) => ({ ...s, mask: { width, height, data: Float32Array.from(s.mask, (v) => (v ? 8 : -8)), frame } }));
  }
  // The grid path: the cells the valid region covers; the cell past it (read by upsampling) is not merged.
  const width = Math.min(m.gridWidth, Math.ceil(m.validWidth / m.cell));
  const height = Math.min(m.gridHeight, Math.ceil(m.validHeight / m.cell));
  const crop = (q: number): Float32Array => {
    const out = new Float32Array(width * height);
    const g = grid(q);
    for (let y = 0; y < height; y++) out.set(g.subarray(y * m.gridWidth, y * m.gridWidth + width), y * width);
    return out;
  };
  const segments = panopticMerge({ ...rest, width, height, logits: crop });
  // The grid path's cells beyond the crop are outside: cellsRead keeps the frame's shape consistent with prompted masks.
  const gw = cellsRead(m.validWidth, m.cell, m.gridWidth);
  const gh = cellsRead(m.validHeight, m.cell, m.gridHeight);
  const frame = { cell: m.cell, validWidth: m.validWidth, validHeight: m.validHeight };
  return segments.map((s) => {
    const data = new Float32Array(gw * gh).fill(-8);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * gw + x] = s.mask[y * width + x] ? 8 : -8;
    return { ...s, mask: { width: gw, height: gh, data, frame } };
  });
};
