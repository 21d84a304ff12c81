/**
 * Tensor contract of bundle format v2: the inputs and outputs each graph must
 * have (names, dtypes, ranks, and the dims fixed by seem.json). Symbolic dims are
 * named as in docs/model-bundle.md. Extra inputs of the prompt-side graphs must be
 * outputs of image_encoder with the same name: the engine feeds them from the
 * cached encoder outputs, which is how prompt-independent work (per-level
 * features, cross-attention keys/values) stays out of the per-prompt graphs.
 */
import { BundleError, type BundleManifest } from './manifest';

export type Dtype = 'float32' | 'int64';
/** A dim: a number (fixed), a key of seem.json `dims` (fixed by the manifest), or '*' (any). */
export type DimSpec = number | keyof BundleManifest['dims'] | '*';
export interface TensorSpec {
  name: string;
  dtype: Dtype;
  /** null: any rank (model-specific layout, e.g. SEEM's per-level tokens). */
  dims: DimSpec[] | null;
  /** An input a graph may leave out when it never reads it (the engine feeds only what a graph declares). */
  optional?: boolean;
}
export interface GraphSpec {
  file: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** May take extra inputs named after image_encoder outputs. */
  takesEncoderOutputs: boolean;
}

const f = (name: string, dims: DimSpec[] | null): TensorSpec => ({ name, dtype: 'float32', dims });
/** An input read by the engine's mask choice or by some layouts only (v0 reads no summary, EOT or memory). */
const maybe = (t: TensorSpec): TensorSpec => ({ ...t, optional: true });

/** What visual_prompt produces for one image; the decoder takes it twice, prefixed `spatial_` and `reference_`. */
export const VISUAL_OUTPUTS: TensorSpec[] = [
  f('tokens', null),
  f('pos_valid', [1, 'maxObjects', 'maxPoints']),
  f('neg_valid', [1, 'maxObjects', 'maxPoints']),
  f('pos_summary', [1, 'maxObjects', 'hidden']),
  f('neg_summary', [1, 'maxObjects', 'hidden']),
];

export const VISUAL_GROUPS = ['spatial', 'reference'] as const;

/** Prompt tokens as query_decoder takes them: M objects and P points, both sized to the run. */
const VISUAL_TOKENS: TensorSpec[] = VISUAL_GROUPS.flatMap((g) => [
  f(`${g}_tokens`, [1, '*', 3, '*', 'hidden']),
  f(`${g}_pos_valid`, [1, '*', '*']),
  f(`${g}_neg_valid`, [1, '*', '*']),
]);

export const CONTRACT: Record<'encoder' | 'visual' | 'decoder' | 'queryDecoder' | 'text', GraphSpec> = {
  encoder: {
    file: 'image_encoder.onnx',
    // image: RGB 0–255, [1, 3, H, W], H and W multiples of padMultiple, padded with the mean colour.
    inputs: [f('image', [1, 3, '*', '*'])],
    // mask_features: [1, hidden, H/maskStride, W/maskStride]; other outputs are model-specific.
    outputs: [f('mask_features', [1, 'hidden', '*', '*'])],
    takesEncoderOutputs: false,
  },
  visual: {
    file: 'visual_prompt.onnx',
    // point_coords: (x / W_padded, y / H_padded) in [0, 1]; point_labels: 1 positive, 0 negative, −1 padding.
    inputs: [f('point_coords', [1, 'maxObjects', 'maxPoints', 2]), f('point_labels', [1, 'maxObjects', 'maxPoints'])],
    outputs: VISUAL_OUTPUTS,
    takesEncoderOutputs: true,
  },
  decoder: {
    file: 'prompt_decoder.onnx',
    inputs: [
      ...VISUAL_GROUPS.flatMap((g) => VISUAL_OUTPUTS.map((t) => ({ ...(t.name.endsWith('_summary') ? maybe(t) : t), name: `${g}_${t.name}` }))),
      f('text_tokens', [1, 'maxTextTokens', 'hidden']),
      f('text_valid', [1, 'maxTextTokens']),
      maybe(f('text_eot', [1, 'hidden'])),
      maybe(f('prev_mask', [1, 'maxObjects', '*', '*'])),
      maybe(f('has_prev', [1])),
      f('vocab_embeddings', ['*', 'hidden']),
    ],
    // Q rows: v0 the object queries; a combined v1 decoder 2·queries + 3·maxObjects.
    outputs: [
      f('pred_masks', [1, '*', '*', '*']),
      f('pred_class', [1, '*', '*']),
      f('pred_captions', [1, '*', 'hidden']),
      f('pred_maskembs', [1, '*', 'hidden']),
      // −1: an object query (panoptic, and interactive candidate in the v0 layout); m ≥ 0: serves object m.
      f('query_object', [1, '*']),
    ],
    takesEncoderOutputs: true,
  },
  // v1 layout: the decoder over whichever query groups a run holds (N queries; every count dynamic).
  queryDecoder: {
    file: 'query_decoder.onnx',
    inputs: [
      ...VISUAL_TOKENS,
      f('text_tokens', [1, '*', 'hidden']),
      f('text_valid', [1, '*']),
      f('prev_mask', [1, '*', '*', '*']),
      f('has_prev', [1]),
      // the object (slot) of memory token r = spatial_featured[r]
      f('memory_object', ['*']),
      // memory tokens 0…S−1 computed by an earlier run (its memory_out), taken as keys; S = 0: none
      f('memory_states', ['decoderLayers', '*', 'hidden']),
      f('memory_state_object', ['*']),
      { name: 'query_index', dtype: 'int64', dims: ['*'] },
      // −1 object query, −2 grounding query, m ≥ 0 spatial query of object m
      f('query_tags', ['*']),
      f('vocab_embeddings', ['*', 'hidden']),
    ],
    outputs: [f('pred_masks', [1, '*', '*', '*']), f('pred_class', [1, '*', '*']), f('pred_captions', [1, '*', 'hidden']), f('pred_maskembs', [1, '*', 'hidden']), f('memory_out', ['decoderLayers', '*', 'hidden'])],
    takesEncoderOutputs: true,
  },
  text: {
    file: 'text_encoder.onnx',
    // [B, T]: T at most maxTextTokens — a text runs at its own length (older exports: fixed at maxTextTokens)
    inputs: [{ name: 'input_ids', dtype: 'int64', dims: ['*', '*'] }],
    // token_embeddings: projected per-token states (SEEM's grounding tokens); eot_embedding: projected EOT feature.
    outputs: [f('token_embeddings', ['*', '*', 'hidden']), f('eot_embedding', ['*', 'hidden'])],
    takesEncoderOutputs: false,
  },
};

/** What a loaded session says about one of its values (onnxruntime's ValueMetadata, narrowed). */
export interface ValueMeta {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: readonly (number | string)[];
}

const describe = (dims: readonly (number | string)[]): string => `[${dims.join(', ')}]`;

const checkValue = (graph: string, kind: string, spec: TensorSpec, meta: ValueMeta | undefined, m: BundleManifest): void => {
  if (!meta && spec.optional && kind === 'input') return;
  if (!meta) throw new BundleError(`${graph}: ${kind} "${spec.name}" is missing (bundle format v2 requires it)`);
  if (!meta.isTensor || (meta.type !== undefined && meta.type !== spec.dtype)) {
    throw new BundleError(`${graph}: ${kind} "${spec.name}" must be a ${spec.dtype} tensor, the model has ${meta.type ?? 'a non-tensor'}`);
  }
  if (!spec.dims || !meta.shape) return;
  const expected = spec.dims.map((d) => (typeof d === 'string' && d !== '*' ? m.dims[d] : d));
  const ok = meta.shape.length === expected.length && expected.every((d, i) => d === '*' || typeof meta.shape?.[i] !== 'number' || meta.shape[i] === d);
  if (!ok) throw new BundleError(`${graph}: ${kind} "${spec.name}" has shape ${describe(meta.shape)}, the contract needs ${describe(expected)}`);
};

/** Checks a session's inputs and outputs against the contract; returns the encoder outputs it also takes. */
export const checkGraph = (
  spec: GraphSpec,
  inputs: readonly ValueMeta[],
  outputs: readonly ValueMeta[],
  m: BundleManifest,
  encoderOutputs: readonly ValueMeta[] = [],
): string[] => {
  for (const s of spec.inputs) checkValue(spec.file, 'input', s, inputs.find((v) => v.name === s.name), m);
  for (const s of spec.outputs) checkValue(spec.file, 'output', s, outputs.find((v) => v.name === s.name), m);
  const extra = inputs.filter((v) => !spec.inputs.some((s) => s.name === v.name));
  for (const v of extra) {
    const source = spec.takesEncoderOutputs ? encoderOutputs.find((e) => e.name === v.name) : undefined;
    if (!source) throw new BundleError(`${spec.file}: unexpected input "${v.name}" (neither in the contract nor an image_encoder output)`);
  }
  return extra.map((v) => v.name);
};
