/**
 * `seem.json`, format v2: the contract between the converter, the model host and
 * the engine. docs/model-bundle.md explains every field; this schema checks them.
 */
import { array, boolean, integer, literal, number, object, oneOfLiterals, optional, string, type Infer, ProtocolError } from './schema';
import { BundleError } from './bundle-error';
import { BUNDLE_CONTRACT } from './bundle-contract';

export const FORMAT = 'seem-bundle';
export const FORMAT_VERSION = 2;

/**
 * How the decoder runs. "combined": one graph decodes every query for every prompt (prompt_decoder;
 * the only way for v0, whose object queries see the prompts). "split" (v1 only): v1's query groups
 * are independent, so query_decoder runs per group — object queries once per image, grounding
 * queries per text, spatial queries per click.
 */
export type DecoderKind = 'combined' | 'split';
/** File names from contracts/seem-bundle.json (the converter reads the same file). */
export const DECODER_FILE: Record<DecoderKind, string> = BUNDLE_CONTRACT.files.decoder;
const COMMON = BUNDLE_CONTRACT.files.common;
export const graphFiles = (decoder: DecoderKind): string[] => {
  const graphs = COMMON.filter((f) => f.endsWith('.onnx'));
  return [...graphs.slice(0, 2), DECODER_FILE[decoder], ...graphs.slice(2)];
};
export const requiredFiles = (decoder: DecoderKind): string[] => [...graphFiles(decoder), ...COMMON.filter((f) => !f.endsWith('.onnx'))];

const fileEntry = object({ name: string, bytes: integer, sha256: string });
export type FileEntry = Infer<typeof fileEntry>;

const manifestSchema = object({
  format: literal(FORMAT),
  formatVersion: literal(FORMAT_VERSION),
  model: object({
    id: string,
    name: string,
    /** e.g. "demo-colour" (the fixture), "seem-focalt-v0", "seem-focalt-v1", "seem-focall-v1". */
    variant: string,
    /** Decoder layout: "v0" (one object, demo/v0 checkpoints) or "v1" (several objects, memory tokens). */
    layout: oneOfLiterals(['v0', 'v1'] as const),
    /** "split" (v1, the default from the converter) or "combined" (v0; v1 bundles of format 1). */
    decoder: oneOfLiterals(['combined', 'split'] as const),
    licence: string,
    /** The graphs' precision under the contract's file names (fp32 | fp16 | q8f16 | int8); absent: fp32. */
    precision: optional(string),
    /** True for bundles that are not SEEM (the generated demo/test bundle). */
    demo: boolean,
    description: string,
  }),
  preprocess: object({
    /** Resize so the short side is this many pixels (aspect kept). */
    shortSide: integer,
    /** Cap on the long side after resizing (memory bound; torchvision's max_size rule); 0: none, as upstream. */
    maxLongSide: integer,
    /** Pad bottom/right to a multiple of this, with the mean colour. */
    padMultiple: integer,
    /** RGB mean and std on the 0–255 scale (the graph normalises; padding uses the mean). */
    mean: array(number, 3),
    std: array(number, 3),
  }),
  dims: object({
    /** Channels of mask embeddings, captions and text embeddings. */
    hidden: integer,
    /** mask_features stride relative to the padded input (4 for SEEM). */
    maskStride: integer,
    /** Objects per decode (v0: 1; v1: several). */
    maxObjects: integer,
    /** Visual prompt points per object (positive + negative, padded with label −1). */
    maxPoints: integer,
    /** Text tokens (CLIP context). */
    maxTextTokens: integer,
    /** Object queries (SEEM: 101); v1 has as many grounding queries and 3 spatial queries per object. */
    queries: integer,
    /** v1: memory tokens (SEEM: 32), spatial_featured rows of query_decoder; v0: 0. */
    memoryTokens: integer,
    /** v1: decoder layers (SEEM: 9), the first dim of query_decoder's memory_states; v0: 0. */
    decoderLayers: integer,
    /**
     * Feature levels (SEEM: 3): the encoder's mask_features_l / spatial_feat_l per level, the level axis of the
     * prompt tokens; 0: none (the demo bundle). Absent in bundles converted before it was recorded: 3.
     */
    featureLevels: integer,
  }),
  text: object({
    /** Templates for embedding class names ("{}" is the name); their L2-normalised mean is the class embedding. */
    templates: array(string),
    padTokenId: integer,
  }),
  scores: object({
    /** exp(logit_scale) of the model, for grounding similarity. */
    logitScale: number,
    /** Segment everything: keep queries whose class probability exceeds this (upstream OBJECT_MASK_THRESHOLD). */
    objectThreshold: number,
    /** Segment everything: keep a segment if the pixels it wins / its own mask ≥ this (upstream OVERLAP_THRESHOLD). */
    overlapThreshold: number,
    /** The upstream yaml the thresholds come from (e.g. "focalt_unicl_lang_demo.yaml"); absent in older bundles. */
    config: optional(string),
  }),
  /** Category names in vocabulary.bin order; the last must be "background" (no object). */
  vocabulary: array(object({ name: string, thing: boolean })),
  files: array(fileEntry),
  /**
   * Other precisions of some graphs, beside the base ones (docs/model-bundle.md, "Precision variants"): the engine
   * downloads one precision's files only, chosen by backend (bundle/precision.ts).
   */
  variants: optional(array(object({ precision: string, graphs: array(object({ graph: string, file: string })) }))),
});

export type BundleManifest = Infer<typeof manifestSchema>;

/** Bundle file names are plain: letters, digits, `._-`, no leading dot (so never a path). */
export const isPlainFileName = (name: string): boolean => /^[A-Za-z0-9._-]+$/.test(name) && !name.startsWith('.');

export { BundleError };

/** Parses seem.json, naming the problem precisely (unknown version, bad field, missing file entry). */
export const parseManifest = (input: unknown): BundleManifest => {
  let json = input;
  const raw = json as { format?: unknown; formatVersion?: unknown; model?: object; dims?: object } | null;
  if (typeof raw !== 'object' || raw === null) throw new BundleError('seem.json is not a JSON object');
  if (raw.format !== FORMAT) throw new BundleError(`seem.json: "format" must be "${FORMAT}", got ${JSON.stringify(raw.format)}`);
  if (raw.formatVersion === 1) json = upgradeFormat1(raw);
  else if (raw.formatVersion === FORMAT_VERSION) json = withFeatureLevels(raw);
  else {
    throw new BundleError(
      `seem.json: unsupported bundle format version ${JSON.stringify(raw.formatVersion)} (this SEEM Cutout reads version ${FORMAT_VERSION}); update the plugin or re-convert the model`,
    );
  }
  let m: BundleManifest;
  try {
    m = manifestSchema.parse(json);
  } catch (error) {
    if (error instanceof ProtocolError) throw new BundleError(`seem.json: ${error.message}`);
    throw error;
  }
  if (m.model.layout === 'v0' && m.model.decoder === 'split')
    throw new BundleError('seem.json: a v0 bundle cannot have a split decoder (its object queries see the prompts)');
  for (const name of requiredFiles(m.model.decoder)) {
    if (!m.files.some((f) => f.name === name)) throw new BundleError(`seem.json: file "${name}" is missing from "files"`);
  }
  if (m.vocabulary[m.vocabulary.length - 1]?.name !== 'background') throw new BundleError('seem.json: the last vocabulary entry must be "background"');
  const precisions = new Set([m.model.precision ?? 'fp32']);
  for (const v of m.variants ?? []) {
    if (precisions.has(v.precision)) throw new BundleError(`seem.json: precision "${v.precision}" is listed twice`);
    precisions.add(v.precision);
    for (const { graph, file } of v.graphs) {
      if (!graphFiles(m.model.decoder).includes(graph))
        throw new BundleError(`seem.json: variant "${v.precision}" maps "${graph}", which is not a graph of this bundle`);
      if (!m.files.some((f) => f.name === file)) throw new BundleError(`seem.json: variant "${v.precision}" file "${file}" is missing from "files"`);
    }
  }
  for (const f of m.files) {
    if (!isPlainFileName(f.name)) throw new BundleError(`seem.json: bad file name "${f.name}"`);
    if (!/^[0-9a-f]{64}$/.test(f.sha256)) throw new BundleError(`seem.json: "${f.name}" has a malformed sha256`);
  }
  return m;
};

/** Every SEEM bundle converted before `dims.featureLevels` was recorded has SEEM's 3 levels. */
const SEEM_FEATURE_LEVELS = 3;
const withFeatureLevels = (raw: { dims?: object }): unknown =>
  typeof raw.dims === 'object' && raw.dims !== null && !('featureLevels' in raw.dims)
    ? { ...raw, dims: { ...raw.dims, featureLevels: SEEM_FEATURE_LEVELS } }
    : raw;

/**
 * Format 1 → 2: the graphs are unchanged and run as a combined decoder. A v1 bundle of format 1
 * therefore still works but runs all 2·101 + 3M queries for every click; re-converting gives the
 * split decoder (docs/model-bundle.md).
 */
const upgradeFormat1 = (raw: { model?: object; dims?: object }): unknown => ({
  ...raw,
  formatVersion: FORMAT_VERSION,
  model: { ...raw.model, decoder: 'combined' },
  dims: { featureLevels: SEEM_FEATURE_LEVELS, ...raw.dims, memoryTokens: 0, decoderLayers: 0 },
});
