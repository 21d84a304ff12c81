/**
 * Tensor contract of bundle format v2: the inputs and outputs each graph must
 * have (names, dtypes, ranks, and the dims fixed by seem.json). Symbolic dims are
 * named as in docs/model-bundle.md. Extra inputs of the prompt-side graphs must be
 * outputs of image_encoder with the same name: the engine feeds them from the
 * cached encoder outputs, which is how prompt-independent work (per-level
 * features, cross-attention keys/values) stays out of the per-prompt graphs.
 */
import contractJson from './seem-bundle.json';
import { BundleError } from './bundle-error';
import type { BundleManifest } from './bundle-manifest';

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

type GraphKey = 'encoder' | 'visual' | 'decoder' | 'queryDecoder' | 'text';
const GRAPH_KEYS: readonly GraphKey[] = ['encoder', 'visual', 'decoder', 'queryDecoder', 'text'];
const DIM_KEYS: readonly string[] = [
  'hidden',
  'maskStride',
  'maxObjects',
  'maxPoints',
  'maxTextTokens',
  'queries',
  'memoryTokens',
  'decoderLayers',
  'featureLevels',
];

/** The parts of contracts/seem-bundle.json the engine checks against, validated when this module loads. */
export interface BundleContract {
  formatVersion: number;
  preprocess: { mean: number[]; std: number[]; padMultiple: number; maskStride: number };
  metadataKeys: { mean: string; std: string };
  text: { bosTokenId: number; eotTokenId: number; contextLength: number };
  files: { common: string[]; decoder: Record<'combined' | 'split', string> };
  graphs: Record<GraphKey, GraphSpec>;
}

const bad = (where: string): never => {
  throw new Error(`contracts/seem-bundle.json: ${where} is malformed`);
};
const isNumbers = (v: unknown, n?: number): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number') && (n === undefined || v.length === n);
const dimOf = (d: unknown, where: string): DimSpec =>
  typeof d === 'number' || d === '*' || (typeof d === 'string' && DIM_KEYS.includes(d)) ? (d as DimSpec) : bad(where);
const tensorOf = (t: unknown, where: string): TensorSpec => {
  const o = (typeof t === 'object' && t !== null ? t : bad(where)) as Record<string, unknown>;
  if (typeof o.name !== 'string' || (o.dtype !== 'float32' && o.dtype !== 'int64')) bad(where);
  const dims = o.dims === null ? null : Array.isArray(o.dims) ? o.dims.map((d, k) => dimOf(d, `${where}.dims[${k}]`)) : bad(`${where}.dims`);
  return { name: o.name as string, dtype: o.dtype as Dtype, dims, ...(o.optional === true ? { optional: true } : {}) };
};

export const parseContract = (json: unknown): BundleContract => {
  const c = (typeof json === 'object' && json !== null ? json : bad('the file')) as Record<string, unknown>;
  const pre = (c.preprocess ?? {}) as Record<string, unknown>;
  const keys = (c.metadataKeys ?? {}) as Record<string, unknown>;
  const text = (c.text ?? {}) as Record<string, unknown>;
  const files = (c.files ?? {}) as { common?: unknown; decoder?: Record<string, unknown> };
  const graphs = (c.graphs ?? {}) as Record<string, Record<string, unknown> | undefined>;
  if (typeof c.formatVersion !== 'number') bad('formatVersion');
  if (!isNumbers(pre.mean, 3) || !isNumbers(pre.std, 3) || typeof pre.padMultiple !== 'number' || typeof pre.maskStride !== 'number') bad('preprocess');
  if (typeof keys.mean !== 'string' || typeof keys.std !== 'string') bad('metadataKeys');
  if (![text.bosTokenId, text.eotTokenId, text.contextLength].every((n) => typeof n === 'number')) bad('text');
  if (!Array.isArray(files.common) || !files.common.every((f) => typeof f === 'string')) bad('files.common');
  if (typeof files.decoder?.combined !== 'string' || typeof files.decoder.split !== 'string') bad('files.decoder');
  const spec = (k: GraphKey): GraphSpec => {
    const g = graphs[k] ?? bad(`graphs.${k}`);
    if (typeof g.file !== 'string' || typeof g.takesEncoderOutputs !== 'boolean' || !Array.isArray(g.inputs) || !Array.isArray(g.outputs)) bad(`graphs.${k}`);
    return {
      file: g.file as string,
      takesEncoderOutputs: g.takesEncoderOutputs as boolean,
      inputs: (g.inputs as unknown[]).map((t, i) => tensorOf(t, `graphs.${k}.inputs[${i}]`)),
      outputs: (g.outputs as unknown[]).map((t, i) => tensorOf(t, `graphs.${k}.outputs[${i}]`)),
    };
  };
  return {
    formatVersion: c.formatVersion as number,
    preprocess: { mean: pre.mean as number[], std: pre.std as number[], padMultiple: pre.padMultiple as number, maskStride: pre.maskStride as number },
    metadataKeys: { mean: keys.mean as string, std: keys.std as string },
    text: { bosTokenId: text.bosTokenId as number, eotTokenId: text.eotTokenId as number, contextLength: text.contextLength as number },
    files: { common: files.common as string[], decoder: { combined: files.decoder?.combined as string, split: files.decoder?.split as string } },
    graphs: Object.fromEntries(GRAPH_KEYS.map((k) => [k, spec(k)])) as Record<GraphKey, GraphSpec>,
  };
};

/**
 * One contract for converter and engine: contracts/seem-bundle.json (graph files, I/O names, dtypes and dims,
 * preprocessing, token ids). The Python exporter reads the same file (seem_convert/contract.py).
 */
export const BUNDLE_CONTRACT = parseContract(contractJson);
export const CONTRACT: Record<GraphKey, GraphSpec> = BUNDLE_CONTRACT.graphs;

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
  for (const s of spec.inputs)
    checkValue(
      spec.file,
      'input',
      s,
      inputs.find((v) => v.name === s.name),
      m,
    );
  for (const s of spec.outputs)
    checkValue(
      spec.file,
      'output',
      s,
      outputs.find((v) => v.name === s.name),
      m,
    );
  const extra = inputs.filter((v) => !spec.inputs.some((s) => s.name === v.name));
  for (const v of extra) {
    const source = spec.takesEncoderOutputs ? encoderOutputs.find((e) => e.name === v.name) : undefined;
    if (!source) throw new BundleError(`${spec.file}: unexpected input "${v.name}" (neither in the contract nor an image_encoder output)`);
  }
  return extra.map((v) => v.name);
};

/**
 * The encoder's per-level outputs (mask_features_0 …) must be as many as seem.json's `dims.featureLevels`: the
 * engine feeds the light graphs whatever levels the encoder gives, and a bundle that disagrees with itself would
 * otherwise fail only at the first prompt. An encoder without per-level outputs (the demo bundle) is not checked.
 */
export const checkFeatureLevels = (encoderOutputs: readonly ValueMeta[], m: BundleManifest): void => {
  const levels = encoderOutputs.filter((v) => /^mask_features_\d+$/.test(v.name)).length;
  if (levels > 0 && levels !== m.dims.featureLevels) {
    throw new BundleError(
      `image_encoder.onnx: ${levels} feature levels (mask_features_0…${levels - 1}), seem.json says ${m.dims.featureLevels} — the bundle is inconsistent, re-convert it`,
    );
  }
};
