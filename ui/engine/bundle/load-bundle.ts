/**
 * Loads a bundle: seem.json, every file checked against its size and sha256,
 * the four graphs (the decoder by layout) as sessions checked against the tensor contract, the tokenizer
 * and the vocabulary embeddings. Any mismatch is a BundleError naming the file and
 * the problem, and no session is kept.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import type { InferenceSession } from '../ort-types';
import type { OrtRuntime } from '../runtime';
import { fileProblemAsync } from '../../../contracts/bundle-files';
import { BUNDLE_CONTRACT, checkFeatureLevels, checkGraph, CONTRACT, type ValueMeta } from '../../../contracts/bundle-contract';
import { onnxMetadata } from './onnx-metadata';
import { BundleError, parseManifest, type BundleManifest } from '../../../contracts/bundle-manifest';
import { graphFileFor, otherPrecisionFiles, precisionsOf } from '../../../contracts/bundle-precision';
import type { BundleSource } from '../../../contracts/bundle-source';

export interface LoadedBundle {
  manifest: BundleManifest;
  /** null when the image encoder runs on the model host (its graph is never downloaded). */
  encoder: InferenceSession | null;
  visual: InferenceSession;
  /** prompt_decoder or query_decoder: `manifest.model.decoder` says which. */
  decoder: InferenceSession;
  text: InferenceSession;
  /** Encoder outputs that visual_prompt / prompt_decoder also take (fed from the cache). */
  visualTakes: string[];
  decoderTakes: string[];
  tokenizer: Tokenizer;
  /** [K, hidden] L2-normalised class embeddings, background last. */
  vocabulary: Float32Array;
  /** The text encoder's token count when its export fixed it (bundles converted before dynamic lengths). */
  textFixedLength?: number;
  /** The precision whose graphs were loaded (bundle/precision.ts). */
  precision: string;
}

export interface LoadProgress {
  /** 'download': fetching `file`; 'session': creating `file`'s onnxruntime session (after every download; can take seconds). */
  stage: 'download' | 'session';
  file: string;
  loaded: number;
  total: number;
  /** The browser's HTTP cache served the file (nothing downloaded). */
  cached: boolean;
}

const hex = (buf: ArrayBuffer): string => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

export const sha256Async = async (bytes: Uint8Array): Promise<string> => hex(await crypto.subtle.digest('SHA-256', bytes.slice().buffer));

const metas = (values: readonly InferenceSession.ValueMetadata[]): ValueMeta[] =>
  values.map((v) => (v.isTensor ? { name: v.name, isTensor: true, type: v.type, shape: v.shape } : { name: v.name, isTensor: false }));

/**
 * The pixel normalisation baked into the image encoder (recorded in its metadata by the converter) must be
 * seem.json's: otherwise the engine would pad with one mean and the graph normalise with another. Encoders
 * without the record (the demo bundle, bundles converted before it) are not checked.
 */
const checkNormalisation = (encoder: Uint8Array, m: BundleManifest): void => {
  const meta = onnxMetadata(encoder);
  const keys = BUNDLE_CONTRACT.metadataKeys;
  for (const [what, key] of [
    ['mean', keys.mean],
    ['std', keys.std],
  ] as const) {
    const raw = meta.get(key);
    if (raw === undefined) continue;
    const baked = JSON.parse(raw) as unknown;
    const declared = m.preprocess[what];
    if (!Array.isArray(baked) || baked.length !== 3 || baked.some((v, i) => typeof v !== 'number' || Math.abs(v - (declared[i] as number)) > 1e-3)) {
      throw new BundleError(
        `image_encoder.onnx normalises with ${what} ${raw}, seem.json says ${JSON.stringify(declared)}: the bundle is inconsistent — re-convert it`,
      );
    }
  }
};

export const loadBundleAsync = async (
  source: BundleSource,
  runtime: OrtRuntime,
  onProgress?: (p: LoadProgress) => void,
  /** 'remote': the model host runs the image encoder, so image_encoder.onnx (the bulk of a bundle) is not fetched. */
  encoderAt: 'local' | 'remote' = 'local',
  /** Which precision's graphs to load (bundle/precision.ts chooses); only its files are fetched. Default: the base graphs. */
  choose: (m: BundleManifest) => string = (m) => precisionsOf(m)[0] as string,
): Promise<LoadedBundle> => {
  const manifest = parseManifest(await source.manifestAsync());
  const precision = choose(manifest);
  if (!precisionsOf(manifest).includes(precision))
    throw new BundleError(`this bundle has no ${precision} graphs (it has ${precisionsOf(manifest).join(', ')})`);
  const graphFile = (graph: string): string => graphFileFor(manifest, precision, graph);
  const verified = new Map<string, Uint8Array>();
  const skipped = otherPrecisionFiles(manifest, precision);
  if (encoderAt === 'remote') skipped.add(graphFile(CONTRACT.encoder.file));
  const needed = manifest.files.filter((f) => !skipped.has(f.name));
  for (const entry of needed) {
    let bytes: Uint8Array;
    try {
      bytes = await source.fileAsync(entry, (loaded, total, cached) =>
        onProgress?.({ stage: 'download', file: entry.name, loaded, total: total || entry.bytes, cached }),
      );
    } catch (error) {
      throw new BundleError(`${entry.name}: could not be read from ${source.location} (${error instanceof Error ? error.message : String(error)})`);
    }
    const problem = await fileProblemAsync(entry, bytes, sha256Async);
    if (problem !== null) throw new BundleError(problem);
    verified.set(entry.name, bytes);
  }
  const file = (name: string): Uint8Array => verified.get(name) as Uint8Array;

  const sessions: InferenceSession[] = [];
  const open = async (key: keyof typeof CONTRACT): Promise<InferenceSession> => {
    const name = graphFile(CONTRACT[key].file);
    onProgress?.({ stage: 'session', file: name, loaded: 0, total: 0, cached: false });
    const s = await runtime.createSessionAsync(name, file(name));
    sessions.push(s);
    return s;
  };
  try {
    // remote encoding: the host checks its own encoder; here the file is never fetched
    if (encoderAt === 'local') checkNormalisation(file(graphFile(CONTRACT.encoder.file)), manifest);
    const encoder = encoderAt === 'local' ? await open('encoder') : null;
    const visual = await open('visual');
    const decoderKey = manifest.model.decoder === 'split' ? 'queryDecoder' : 'decoder';
    const decoder = await open(decoderKey);
    const text = await open('text');
    // Without the encoder graph, the light graphs' extra inputs are taken as the remote encoder's outputs:
    // the engine checks each image's outputs from the host against them (SeemEngine.storeEncoded).
    const encoderOut = encoder
      ? metas(encoder.outputMetadata)
      : [...metas(visual.inputMetadata), ...metas(decoder.inputMetadata)].map((v) => ({ name: v.name, isTensor: true }));
    if (encoder) {
      checkGraph(CONTRACT.encoder, metas(encoder.inputMetadata), encoderOut, manifest);
      checkFeatureLevels(encoderOut, manifest);
    }
    const visualTakes = checkGraph(CONTRACT.visual, metas(visual.inputMetadata), metas(visual.outputMetadata), manifest, encoderOut);
    const decoderTakes = checkGraph(CONTRACT[decoderKey], metas(decoder.inputMetadata), metas(decoder.outputMetadata), manifest, encoderOut);
    checkGraph(CONTRACT.text, metas(text.inputMetadata), metas(text.outputMetadata), manifest);

    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(JSON.parse(new TextDecoder().decode(file('tokenizer.json'))) as object, {});
    } catch (error) {
      throw new BundleError(`tokenizer.json: not a usable Hugging Face tokenizer (${String(error)})`);
    }
    const vocabBytes = file('vocabulary.bin');
    const expected = manifest.vocabulary.length * manifest.dims.hidden * 4;
    if (vocabBytes.length !== expected) {
      throw new BundleError(
        `vocabulary.bin: ${vocabBytes.length} bytes, expected ${expected} (${manifest.vocabulary.length} × ${manifest.dims.hidden} float32)`,
      );
    }
    const vocabulary = new Float32Array(vocabBytes.slice().buffer);
    const textLength = metas(text.inputMetadata).find((v) => v.name === 'input_ids')?.shape?.[1];
    return {
      manifest,
      encoder,
      visual,
      decoder,
      text,
      visualTakes,
      decoderTakes,
      tokenizer,
      vocabulary,
      precision,
      ...(typeof textLength === 'number' ? { textFixedLength: textLength } : {}),
    };
  } catch (error) {
    await Promise.all(sessions.map((s) => s.release().catch(() => undefined)));
    throw error;
  }
};
