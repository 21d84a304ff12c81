/**
 * The runs of query_decoder.onnx (v1 layout, bundle format 2) and their feeds. In SEEM's v1 layout
 * object queries attend only to object queries, grounding queries to grounding queries and text,
 * and an object's spatial queries to its own spatial queries, prompt tokens and memories; every
 * other step acts on each token alone. So the decoder runs per group, each run sized to what it
 * holds, with the outputs the combined decoder would give those rows:
 *   - object run, once per image: the Q object queries (segment everything, labels);
 *   - grounding run, per text: the Q grounding queries with the text's real tokens;
 *   - spatial run, per click/box/scribble/reference: 3 spatial queries per object, their prompt
 *     tokens (trimmed to the points used) and, from the second round, the memory tokens.
 * Feeds (every count dynamic; a run without text or memory passes T = 0 or R = 0 — the graph then
 * computes nothing for them — while M, P ≥ 1):
 *   {spatial,reference}_tokens float32 [1, M, 3, P, C]; {…}_pos_valid / {…}_neg_valid [1, M, P]
 *   text_tokens [1, T, C], text_valid [1, T]; prev_mask [1, M, h, w] (logits, −20 where absent)
 *   has_prev [1]; memory_object [R]: memory r (= spatial_featured[r]) serves object memory_object[r]
 *   query_index int64 [N]: the learned query each starts from; query_tags [N]: −1 / −2 / object m
 */
import { GROUNDING_QUERY, OBJECT_QUERY } from './select-mask';

/** SEEM v1: 3 spatial queries per object, started from object queries 0, 1, 2 (upstream draws them at random). */
export const SPATIAL_QUERY_SOURCE = [0, 1, 2] as const;

export interface RawTensor {
  data: Float32Array;
  dims: number[];
}

/** visual_prompt's token outputs for one image, as query_decoder takes them. */
export interface VisualTokens {
  tokens: RawTensor;
  pos_valid: RawTensor;
  neg_valid: RawTensor;
}

/** Memory tokens 0…count−1 after each decoder layer's cross-attention, from a memory run (memory_out). */
export interface MemoryStates {
  /** [layers, count, C] */
  states: Float32Array;
  count: number;
  /** [count]: the object each serves */
  objects: Float32Array;
}

export interface QueryRun {
  queryIndex: BigInt64Array;
  queryTags: Float32Array;
  /** Memory tokens this run computes (memory_object). */
  memoryObject: Float32Array;
  hasPrev: boolean;
  /** Memory tokens an earlier run computed, taken as keys (memory_states). */
  known?: MemoryStates;
}

const run = (index: readonly number[], tags: readonly number[], memoryObject: Float32Array, hasPrev: boolean): QueryRun => ({
  queryIndex: BigInt64Array.from(index, (i) => BigInt(i)),
  queryTags: Float32Array.from(tags),
  memoryObject,
  hasPrev,
});

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A run without memory: no memory tokens at all (a first round's memories would never be keys). */
const NO_MEMORY = new Float32Array(0);

export const objectRun = (queries: number): QueryRun =>
  run(
    range(queries),
    range(queries).map(() => OBJECT_QUERY),
    NO_MEMORY,
    false,
  );

export const groundingRun = (queries: number): QueryRun =>
  run(
    range(queries),
    range(queries).map(() => GROUNDING_QUERY),
    NO_MEMORY,
    false,
  );

/**
 * Memory r serves object floor(r·n/R), n = objects with at least one prompt point (≥ 1): equal
 * contiguous blocks, where upstream draws sorted blocks of random sizes (docs/converter.md).
 */
export const memoryObjects = (objectsWithPoints: number, memories: number): Float32Array => {
  const n = Math.max(1, objectsWithPoints);
  return Float32Array.from(range(memories), (r) => Math.floor((r * n) / memories));
};

/**
 * The spatial queries of `objects` objects (slots 0…), with memory when the objects have a previous mask:
 * computed in this run, or taken from a memory run (`known`) — memories attend only to memories, inside
 * their object's previous mask, so within a round they are the same for every click.
 */
export const spatialRun = (objects: number, memories: number, objectsWithPoints: number, hasPrev: boolean, known?: MemoryStates): QueryRun => ({
  ...run(
    range(objects).flatMap(() => [...SPATIAL_QUERY_SOURCE]),
    range(objects).flatMap((m) => SPATIAL_QUERY_SOURCE.map(() => m)),
    hasPrev && memories > 0 && !known ? memoryObjects(objectsWithPoints, memories) : NO_MEMORY,
    hasPrev,
  ),
  ...(hasPrev && known ? { known } : {}),
});

/**
 * A round's memory run: the memory tokens (taken by the round's clicks as memory_states) and one object query,
 * which attends only to itself and whose outputs are ignored — a run of zero queries would be exact too, but
 * WebGPU's Gemm refuses empty inputs.
 */
export const memoryRun = (memories: number, objectsWithPoints: number): QueryRun => run([0], [OBJECT_QUERY], memoryObjects(objectsWithPoints, memories), true);

/** A 64-bit FNV-1a fingerprint of float data (two 32-bit lanes): names a previous-mask feed in the memory cache. */
export const fingerprint = (data: Float32Array): string => {
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length);
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as number;
    a = Math.imul(a ^ w, 0x01000193) >>> 0;
    b = Math.imul(b ^ ((w >>> 16) | (w << 16)), 0x01000193) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}:${data.length}`;
};

/** Points actually used by slots 0…objects−1 (pos or neg valid), at least 1: prompt tokens past it are padding. */
export const usedPoints = (v: VisualTokens, objects: number): number => {
  const [, , p] = v.pos_valid.dims as [number, number, number];
  let used = 1;
  for (let m = 0; m < objects; m++) {
    for (let i = p - 1; i >= used; i--) {
      if ((v.pos_valid.data[m * p + i] as number) > 0 || (v.neg_valid.data[m * p + i] as number) > 0) {
        used = i + 1;
        break;
      }
    }
  }
  return used;
};

/** The first `objects` slots and `points` points of visual_prompt's outputs ([1, M, 3, P, C], [1, M, P]). */
export const trimVisual = (v: VisualTokens, objects: number, points: number): VisualTokens => {
  const [, , levels, p, c] = v.tokens.dims as [number, number, number, number, number];
  const tokens = new Float32Array(objects * levels * points * c);
  for (let m = 0; m < objects; m++) {
    for (let l = 0; l < levels; l++) {
      const from = (m * levels + l) * p * c;
      tokens.set(v.tokens.data.subarray(from, from + points * c), (m * levels + l) * points * c);
    }
  }
  const valid = (t: RawTensor): RawTensor => {
    const out = new Float32Array(objects * points);
    for (let m = 0; m < objects; m++) out.set(t.data.subarray(m * p, m * p + points), m * points);
    return { data: out, dims: [1, objects, points] };
  };
  return { tokens: { data: tokens, dims: [1, objects, levels, points, c] }, pos_valid: valid(v.pos_valid), neg_valid: valid(v.neg_valid) };
};

/** Padding only: `objects` objects of `points` points (a run without a reference; with 1 × 1, a run without prompts). */
export const emptyVisual = (hidden: number, objects = 1, points = 1): VisualTokens => ({
  tokens: { data: new Float32Array(objects * 3 * points * hidden), dims: [1, objects, 3, points, hidden] },
  pos_valid: { data: new Float32Array(objects * points), dims: [1, objects, points] },
  neg_valid: { data: new Float32Array(objects * points), dims: [1, objects, points] },
});

/** Objects (of the first `objects` slots) with at least one valid point in either group. */
export const objectsWithPoints = (groups: readonly VisualTokens[], objects: number): number => {
  let n = 0;
  for (let m = 0; m < objects; m++) {
    const has = groups.some((g) => {
      const p = g.pos_valid.dims[2] as number;
      for (let i = 0; i < p; i++) if ((g.pos_valid.data[m * p + i] as number) > 0 || (g.neg_valid.data[m * p + i] as number) > 0) return true;
      return false;
    });
    if (has) n++;
  }
  return n;
};

/**
 * A run's own query_decoder feeds (its prompts, queries and memory), as raw tensors: the engine and the parity
 * test turn them into onnxruntime tensors; text, prev_mask, vocabulary and encoder outputs come from the caller.
 */
export const runFeeds = (
  run: QueryRun,
  prompts: { spatial: VisualTokens; reference: VisualTokens },
  dims: { hidden: number; decoderLayers: number },
): { float: Record<string, RawTensor>; int64: Record<string, { data: BigInt64Array; dims: number[] }> } => {
  const float: Record<string, RawTensor> = {};
  for (const [group, v] of Object.entries(prompts)) {
    for (const [name, t] of Object.entries(v) as [string, RawTensor][]) float[`${group}_${name}`] = t;
  }
  const known = run.known;
  float.has_prev = { data: Float32Array.of(run.hasPrev ? 1 : 0), dims: [1] };
  float.memory_object = { data: run.memoryObject, dims: [run.memoryObject.length] };
  float.memory_states = { data: known ? known.states : new Float32Array(0), dims: [dims.decoderLayers, known ? known.count : 0, dims.hidden] };
  float.memory_state_object = { data: known ? known.objects : new Float32Array(0), dims: [known ? known.count : 0] };
  float.query_tags = { data: run.queryTags, dims: [run.queryTags.length] };
  return { float, int64: { query_index: { data: run.queryIndex, dims: [run.queryIndex.length] } } };
};
