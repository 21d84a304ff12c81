/**
 * The UI ↔ engine-worker channel, declared once; both ends validate what they
 * receive. Requests carry an `id`; every reply echoes it. Large arrays travel as
 * typed arrays (transferred, not copied).
 */
import {
  array,
  boolean,
  bytes,
  clampedBytes,
  float32s,
  integer,
  literal,
  number,
  object,
  oneOfLiterals,
  optional,
  string,
  tuple,
  union,
  type Infer,
} from './schema';
import { PRECISION_PREFERENCES } from './precision-names';

const point = tuple([number, number]);

export const visualPromptSchema = union(
  'visual prompt',
  {
    click: object({ kind: literal('click'), x: number, y: number, positive: boolean }),
    box: object({ kind: literal('box'), x0: number, y0: number, x1: number, y1: number }),
    scribble: object({ kind: literal('scribble'), points: array(point, 10_000), radius: number, positive: boolean }),
  },
  'kind',
);

const maskLogitsSchema = object({
  width: integer,
  height: integer,
  data: float32s,
  frame: optional(object({ cell: integer, validWidth: integer, validHeight: integer })),
});

export const objectPromptSchema = object({
  visual: optional(array(visualPromptSchema, 1_000)),
  text: optional(string),
  reference: optional(object({ imageKey: string, prompts: array(visualPromptSchema, 1_000) })),
  previous: optional(maskLogitsSchema),
});

const metaSchema = object({
  imageWidth: integer,
  imageHeight: integer,
  resizedWidth: integer,
  resizedHeight: integer,
  paddedWidth: integer,
  paddedHeight: integer,
});

export const toWorkerSchema = union('ui→worker', {
  /** Loads the bundle (from the model host, or from `bundleUrl`) and picks the backend. */
  init: object({
    type: literal('init'),
    id: integer,
    host: string,
    modelId: string,
    /** A static folder holding the bundle (e.g. a Hugging Face Hub resolve/<rev>/ URL); absent: the model host's `modelId`. */
    bundleUrl: optional(string),
    backend: oneOfLiterals(['auto', 'webgpu', 'wasm'] as const),
    /** The graphs' precision (bundle/precision.ts); absent: auto, by backend. */
    precision: optional(oneOfLiterals(PRECISION_PREFERENCES)),
    /** onnxruntime-web's wasm, as inlined in ui.html (transferred); wins over `wasmUrl`. */
    wasmBinary: optional(bytes),
    /** Where to get onnxruntime-web's wasm when not inlined (the model host serves it; never a CDN). */
    wasmUrl: optional(string),
    /** The sha256 ui.html was built with: a fetched wasm must match (it runs as plugin code). */
    wasmSha256: optional(string),
    /** Tests only: accept a software WebGPU adapter. */
    allowFallbackAdapter: boolean,
    /** 'remote': the image encoder runs on the model host (KServe v2); the decoder stays here. */
    encoder: oneOfLiterals(['local', 'remote'] as const),
  }),
  encode: object({ type: literal('encode'), id: integer, imageKey: string, width: integer, height: integer, data: clampedBytes }),
  /** nextRound: the results become the next round's memory (a prompt, not a hover): prepare that round now. */
  decode: object({ type: literal('decode'), id: integer, imageKey: string, objects: array(objectPromptSchema, 64), nextRound: optional(boolean) }),
  everything: object({
    type: literal('everything'),
    id: integer,
    imageKey: string,
    objectThreshold: optional(number),
    overlapThreshold: optional(number),
  }),
  /**
   * One text and/or reference prompt applied to every item (ui/engine/batch.ts): each image's bytes are
   * decoded, encoded, decoded against the prompt, vectorised and forgotten in turn; a `batch-item` reports
   * each image as it is done, `batch-done` ends it. The reference image must already be encoded here.
   */
  batch: object({
    type: literal('batch'),
    id: integer,
    /** Encoded image bytes (PNG/JPEG/GIF as Figma stores them): far smaller than pixels, decoded one at a time here. */
    items: array(object({ key: string, bytes }), 500),
    text: optional(string),
    reference: optional(object({ imageKey: string, prompts: array(visualPromptSchema, 1_000) })),
    refine: boolean,
    tolerance: number,
    /** Long side of each result's thumbnail, in pixels. */
    thumbnailSide: integer,
  }),
  /** Stops the batch whose request id is `id` between two steps; what is done stays reported. Answered by its `batch-done`. */
  'batch-cancel': object({ type: literal('batch-cancel'), id: integer }),
  /** Mask logits → Figma path data in image pixels (refined against the encoded image when asked). */
  vectorize: object({
    type: literal('vectorize'),
    id: integer,
    imageKey: string,
    mask: maskLogitsSchema,
    refine: boolean,
    tolerance: number,
  }),
});
export type ToWorker = Infer<typeof toWorkerSchema>;

const resultSchema = object({
  mask: maskLogitsSchema,
  imageWidth: integer,
  imageHeight: integer,
  query: integer,
  score: number,
  category: string,
  categoryScore: number,
  backgroundWins: boolean,
});

const segmentSchema = object({
  mask: maskLogitsSchema,
  imageWidth: integer,
  imageHeight: integer,
  category: string,
  score: number,
  thing: boolean,
});

/** One image of a batch: the vector path and a small thumbnail are all that leave the worker (bounded memory). */
const batchOutcomeSchema = union(
  'batch outcome',
  {
    done: object({
      status: literal('done'),
      category: string,
      /** SEEM's category score (what the segment list shows). */
      score: number,
      /** Figma path data in image pixels. */
      path: string,
      thumbnail: object({ width: integer, height: integer, data: clampedBytes }),
      encodeMs: number,
      decodeMs: number,
    }),
    failed: object({ status: literal('failed'), stage: oneOfLiterals(['load', 'encode', 'decode'] as const), reason: string }),
  },
  'status',
);

export const fromWorkerSchema = union('worker→ui', {
  ready: object({
    type: literal('ready'),
    id: integer,
    backend: string,
    /** The precision of the graphs that run (fp32 | fp16 | q8f16 | int8). */
    precision: string,
    reason: string,
    encoder: oneOfLiterals(['local', 'remote'] as const),
    model: object({ id: string, name: string, demo: boolean, variant: string }),
    categories: array(string),
  }),
  progress: object({ type: literal('progress'), id: integer, stage: string, file: string, loaded: number, total: number, cached: boolean }),
  encoded: object({ type: literal('encoded'), id: integer, meta: metaSchema }),
  decoded: object({ type: literal('decoded'), id: integer, results: array(resultSchema) }),
  cancelled: object({ type: literal('cancelled'), id: integer }),
  segments: object({ type: literal('segments'), id: integer, segments: array(segmentSchema) }),
  vectorized: object({ type: literal('vectorized'), id: integer, data: string, commands: integer }),
  /** Progress of batch `id`: item `index` is done or failed (sent as each image finishes, in order). */
  'batch-item': object({ type: literal('batch-item'), id: integer, index: integer, outcome: batchOutcomeSchema }),
  /** Batch `id` ended: every item reported, or `cancelled` part-way. */
  'batch-done': object({ type: literal('batch-done'), id: integer, cancelled: boolean }),
  /**
   * The worker no longer holds what a request needs (its caches are bounded: pixels of the last few
   * images, encoder outputs within a byte budget): the UI encodes `imageKey` again and repeats the request.
   */
  missing: object({ type: literal('missing'), id: integer, imageKey: string }),
  error: object({ type: literal('error'), id: integer, message: string }),
});
export type FromWorker = Infer<typeof fromWorkerSchema>;
export type DecodedResult = Infer<typeof resultSchema>;
export type SegmentResult = Infer<typeof segmentSchema>;
export type BatchItemOutcome = Infer<typeof batchOutcomeSchema>;
