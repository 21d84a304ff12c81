/**
 * Picks the decoder query that answers a prompt, as SEEM does (there is no IoU head):
 *  - visual prompts: the largest dot product of a candidate's mask embedding with the
 *    positive-prompt summary (pred_maskembs · pos_summary);
 *  - text only: the largest cosine between a candidate's caption and the text's EOT
 *    embedding (grounding), scaled by the model's logit scale;
 *  - memory only (a negative-only round): the same rule on the previous summary is not
 *    available, so the grounding/visual scores are absent and the object's own query wins.
 * Candidates, from the decoder's query_object tags: for visual prompts of object m, the
 * queries tagged m (v1: its spatial queries), else the object queries (−1, v0); for text,
 * the grounding queries (−2, v1), else the object queries.
 */
export interface QueryOutputs {
  queries: number;
  hidden: number;
  maskembs: Float32Array;
  captions: Float32Array;
  queryObject: Float32Array;
}

/** query_object tags that are not an object index (docs/model-bundle.md). */
export const OBJECT_QUERY = -1;
export const GROUNDING_QUERY = -2;

export const candidatesFor = (o: QueryOutputs, object: number, by: 'visual' | 'text'): number[] => {
  const own: number[] = [];
  const shared: number[] = [];
  const wanted = by === 'text' ? GROUNDING_QUERY : object;
  for (let q = 0; q < o.queries; q++) {
    const tag = Math.round(o.queryObject[q] as number);
    if (tag === wanted) own.push(q);
    else if (tag === OBJECT_QUERY) shared.push(q);
  }
  return own.length > 0 ? own : shared;
};

const dot = (a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[ao + i] as number) * (b[bo + i] as number);
  return s;
};

export const selectQuery = (
  o: QueryOutputs,
  object: number,
  cue: { posSummary: Float32Array | null; textEot: Float32Array | null; logitScale: number },
): { query: number; score: number } => {
  const c = o.hidden;
  const candidates = candidatesFor(o, object, !cue.posSummary && cue.textEot ? 'text' : 'visual');
  let best = { query: candidates[0] ?? 0, score: Number.NEGATIVE_INFINITY };
  for (const q of candidates) {
    let score: number;
    if (cue.posSummary) {
      score = dot(o.maskembs, q * c, cue.posSummary, 0, c);
    } else if (cue.textEot) {
      const cap = Math.sqrt(dot(o.captions, q * c, o.captions, q * c, c)) || 1;
      const eot = Math.sqrt(dot(cue.textEot, 0, cue.textEot, 0, c)) || 1;
      score = (Math.min(cue.logitScale, 100) * dot(o.captions, q * c, cue.textEot, 0, c)) / (cap * eot);
    } else {
      score = 0;
    }
    if (score > best.score) best = { query: q, score };
  }
  return best;
};

/** Softmax over one query's class logits: the best class and its probability. */
export const classify = (logits: Float32Array, offset: number, k: number, excludeLast = false): { index: number; prob: number } => {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < k; i++) max = Math.max(max, logits[offset + i] as number);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += Math.exp((logits[offset + i] as number) - max);
  let index = 0;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < (excludeLast ? k - 1 : k); i++) {
    if ((logits[offset + i] as number) > best) {
      best = logits[offset + i] as number;
      index = i;
    }
  }
  return { index, prob: Math.exp(best - max) / sum };
};
