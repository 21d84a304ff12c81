/**
 * The SEEM engine: the heavy image encoder once per image (outputs cached by
 * image key), then per prompt the light graphs — visual_prompt for drawn prompts
 * (on this image, or on a reference image for referring), text_encoder for text,
 * and prompt_decoder — and SEEM's mask choice and labelling. Runs in the UI's Web
 * Worker (onnxruntime-web) and in Node (onnxruntime-node) unchanged.
 */
import type { RgbaImage } from '../image/rgba-image';
import type { LoadedBundle } from './bundle/load-bundle';
import { ByteBoundedCache } from './encoder-cache';
import { LatestOnly, type Scheduled } from './latest-only';
import { floatData, type Feeds, type Outputs, type Tensor } from './ort-types';
import { gridMask, type MaskLogits } from './mask-mapping';
import { panopticFromQueries, type PanopticResolution } from './panoptic';
import { preprocessImage, type ImageGeometryMeta } from './preprocess';
import { pointFeeds, promptsToPoints } from './prompts/point-feeds';
import type { VisualPrompt } from './prompts/types';
import type { OrtRuntime } from './runtime';
import { batchObjects } from './batch-objects';
import { backgroundWins } from './category-label';
import { classify, OBJECT_QUERY, selectQuery, type QueryOutputs } from './select-mask';
import { l2normalise, tokenizeTexts } from './text-encoding';

/** Low-resolution mask logits: the part of the feature grid that the image's mapping reads (see mask-mapping.ts). */
export type { MaskLogits } from './mask-mapping';

export interface ObjectPrompt {
  visual?: readonly VisualPrompt[];
  text?: string;
  /** A region drawn on another (encoded) image: its tokens are injected into this decode. */
  reference?: { imageKey: string; prompts: readonly VisualPrompt[] };
  /** Memory: the previous round's mask of this object. */
  previous?: MaskLogits;
}

export interface ObjectResult {
  mask: MaskLogits;
  imageWidth: number;
  imageHeight: number;
  query: number;
  /** SEEM's selection score (mask embedding · prompt summary, or grounding similarity). */
  score: number;
  /** The best class other than background. */
  category: string;
  /** Class probability of `category`. */
  categoryScore: number;
  /** Background beats every class: upstream's demo says "others" (category-label.ts decides what is shown). */
  backgroundWins: boolean;
}

export interface Segment {
  mask: MaskLogits;
  imageWidth: number;
  imageHeight: number;
  category: string;
  score: number;
  thing: boolean;
}

/** Segment everything's knobs; unset ones come from the bundle (seem.json `scores`) or the reference. */
export interface SegmentEverythingOptions {
  objectThreshold?: number;
  overlapThreshold?: number;
  /** Default "input": upstream's full-resolution merge (see panoptic.ts). */
  resolution?: PanopticResolution;
}

export class EngineError extends Error {
  override name = 'EngineError';
}

interface EncodedImage {
  meta: ImageGeometryMeta;
  outputs: Outputs;
  featureWidth: number;
  featureHeight: number;
}

/** Logit standing for "surely outside" where a previous mask does not reach (the padding). */
const OUTSIDE = -20;
const DEFAULT_CACHE_BYTES = 512 * 1024 * 1024;

export class SeemEngine {
  private readonly cache: ByteBoundedCache<EncodedImage>;
  private readonly latest = new LatestOnly();
  private vocabulary: { names: string[]; thing: boolean[]; embeddings: Float32Array };

  constructor(
    private readonly runtime: OrtRuntime,
    readonly bundle: LoadedBundle,
    cacheBytes = DEFAULT_CACHE_BYTES,
  ) {
    this.cache = new ByteBoundedCache(cacheBytes);
    this.vocabulary = {
      names: bundle.manifest.vocabulary.map((v) => v.name),
      thing: bundle.manifest.vocabulary.map((v) => v.thing),
      embeddings: bundle.vocabulary,
    };
  }

  get categories(): readonly string[] {
    return this.vocabulary.names;
  }

  get backend(): string {
    return this.runtime.backend;
  }

  private tensor(data: Float32Array, dims: readonly number[]): Tensor {
    return new this.runtime.ort.Tensor('float32', data, dims);
  }

  isEncoded(key: string): boolean {
    return this.cache.get(key) !== undefined;
  }

  /** The encoder's input for an image (for a remote encoder: the same preprocessing as local). */
  prepareImage(image: RgbaImage): { data: Float32Array; dims: number[]; meta: ImageGeometryMeta } {
    const { data, meta } = preprocessImage(image, this.bundle.manifest.preprocess);
    return { data, dims: [1, 3, meta.paddedHeight, meta.paddedWidth], meta };
  }

  /** Runs the image encoder once per key; later calls return the cached geometry. */
  async encodeImageAsync(key: string, image: RgbaImage): Promise<ImageGeometryMeta> {
    const hit = this.cache.get(key);
    if (hit) return hit.meta;
    const { data, dims, meta } = this.prepareImage(image);
    const outputs = await this.runtime.runAsync(this.bundle.encoder, { image: this.tensor(data, dims) });
    this.storeEncoded(key, meta, outputs);
    return meta;
  }

  /** Adds encoder outputs computed elsewhere (the model host's remote encoder). */
  storeEncoded(key: string, meta: ImageGeometryMeta, outputs: Outputs): void {
    const features = outputs.mask_features;
    if (!features) throw new EngineError('the encoder returned no mask_features');
    const [, , fh, fw] = features.dims as [number, number, number, number];
    const bytes = Object.values(outputs).reduce((s, t) => s + (t.data as Float32Array).byteLength, 0);
    this.cache.set(key, { meta, outputs, featureWidth: fw, featureHeight: fh }, bytes);
  }

  private encoded(key: string): EncodedImage {
    const e = this.cache.get(key);
    if (!e) throw new EngineError(`image "${key}" is not encoded (or was evicted): encode it first`);
    return e;
  }

  private pick(outputs: Outputs, names: readonly string[]): Feeds {
    const feeds: Feeds = {};
    for (const n of names) {
      const t = outputs[n];
      if (!t) throw new EngineError(`the encoder output "${n}" is missing from the cache`);
      feeds[n] = t;
    }
    return feeds;
  }

  /** visual_prompt on one image; slot m holds objects[m]'s prompts (no objects: all padding). */
  private async visualAsync(image: EncodedImage, objects: readonly (readonly VisualPrompt[])[]) {
    const { maxObjects, maxPoints, maskStride } = this.bundle.manifest.dims;
    const points = objects.map((prompts) => promptsToPoints(prompts, image.meta, maskStride, maxPoints));
    const feeds = pointFeeds(points, image.meta, maxObjects, maxPoints);
    const out = await this.runtime.runAsync(this.bundle.visual, {
      ...this.pick(image.outputs, this.bundle.visualTakes),
      point_coords: this.tensor(feeds.coords, [1, maxObjects, maxPoints, 2]),
      point_labels: this.tensor(feeds.labels, [1, maxObjects, maxPoints]),
    });
    return { out, positives: feeds.counts.map((c) => c.positive) };
  }

  private async textAsync(texts: readonly string[]): Promise<{ tokens: Float32Array; eot: Float32Array; valid: Float32Array }> {
    const { maxTextTokens, hidden } = this.bundle.manifest.dims;
    const enc = tokenizeTexts(this.bundle.tokenizer, texts, maxTextTokens, this.bundle.manifest.text.padTokenId);
    const out = await this.runtime.runAsync(this.bundle.text, {
      input_ids: new this.runtime.ort.Tensor('int64', enc.ids, [texts.length, maxTextTokens]),
    });
    const eot = floatData(out.eot_embedding, 'eot_embedding');
    if (eot.length !== texts.length * hidden) throw new EngineError('text_encoder returned an eot_embedding of the wrong size');
    return { tokens: floatData(out.token_embeddings, 'token_embeddings'), eot, valid: enc.valid };
  }

  /**
   * Runs the prompt-side graphs for objects in slots 0… (other slots empty). Text and a
   * reference are per run: they come from a run's only object (batchObjects keeps them alone).
   * No objects (segment everything) gives padding-only visual tokens and no text, reference or memory.
   */
  private async runDecoderAsync(imageKey: string, objects: readonly ObjectPrompt[]) {
    const { maxObjects, maxTextTokens: T, hidden: C } = this.bundle.manifest.dims;
    const image = this.encoded(imageKey);
    const single = objects.length === 1 ? objects[0] : undefined;
    const spatial = await this.visualAsync(image, objects.map((o) => o.visual ?? []));
    const reference = single?.reference ? await this.visualAsync(this.encoded(single.reference.imageKey), [single.reference.prompts]) : null;
    const text = single?.text?.trim() ? await this.textAsync([single.text.trim()]) : null;
    const feeds: Feeds = { ...this.pick(image.outputs, this.bundle.decoderTakes) };
    for (const [name, t] of Object.entries(spatial.out)) {
      feeds[`spatial_${name}`] = t;
      const r = reference?.out[name];
      feeds[`reference_${name}`] = r ?? this.tensor(new Float32Array((t.data as Float32Array).length), t.dims);
    }
    feeds.text_tokens = this.tensor(text?.tokens ?? new Float32Array(T * C), [1, T, C]);
    feeds.text_valid = this.tensor(text?.valid ?? new Float32Array(T), [1, T]);
    feeds.text_eot = this.tensor(text?.eot ?? new Float32Array(C), [1, C]);
    const { featureWidth: fw, featureHeight: fh } = image;
    const prev = new Float32Array(maxObjects * fh * fw).fill(OUTSIDE);
    objects.forEach((o, m) => {
      const p = o.previous;
      if (!p) return;
      for (let y = 0; y < Math.min(p.height, fh); y++) {
        for (let x = 0; x < Math.min(p.width, fw); x++) prev[(m * fh + y) * fw + x] = p.data[y * p.width + x] as number;
      }
    });
    feeds.prev_mask = this.tensor(prev, [1, maxObjects, fh, fw]);
    feeds.has_prev = this.tensor(Float32Array.of(objects.some((o) => o.previous) ? 1 : 0), [1]);
    feeds.vocab_embeddings = this.tensor(this.vocabulary.embeddings, [this.vocabulary.names.length, C]);
    const out = await this.runtime.runAsync(this.bundle.decoder, feeds);
    return { image, out, spatial, reference, text };
  }

  /** One decoder run for up to maxObjects objects; SEEM's mask choice per object. */
  private async decodeRunAsync(imageKey: string, objects: readonly ObjectPrompt[]): Promise<ObjectResult[]> {
    const m = this.bundle.manifest;
    const C = m.dims.hidden;
    const { image, out, spatial, reference, text } = await this.runDecoderAsync(imageKey, objects);
    const masks = floatData(out.pred_masks, 'pred_masks');
    const classes = floatData(out.pred_class, 'pred_class');
    const k = this.vocabulary.names.length;
    const queries: QueryOutputs = {
      queries: m.dims.queries,
      hidden: C,
      maskembs: floatData(out.pred_maskembs, 'pred_maskembs'),
      captions: floatData(out.pred_captions, 'pred_captions'),
      queryObject: floatData(out.query_object, 'query_object'),
    };
    const spatialSummary = floatData(spatial.out.pos_summary, 'pos_summary');
    // A reference is per run (a run with one is a run of one): its summary stands in when the object has no positives here.
    const referenceSummary = reference && (reference.positives[0] ?? 0) > 0 ? floatData(reference.out.pos_summary, 'pos_summary').slice(0, C) : null;
    return objects.map((_, slot) => {
      const posSummary = (spatial.positives[slot] ?? 0) > 0 ? spatialSummary.slice(slot * C, (slot + 1) * C) : referenceSummary;
      const chosen = selectQuery(queries, slot, { posSummary, textEot: text ? text.eot : null, logitScale: m.scores.logitScale });
      const cls = classify(classes, chosen.query * k, k, true);
      return {
        mask: this.crop(masks, chosen.query, image),
        imageWidth: image.meta.imageWidth,
        imageHeight: image.meta.imageHeight,
        query: chosen.query,
        score: chosen.score,
        category: this.vocabulary.names[cls.index] ?? 'object',
        categoryScore: cls.prob,
        backgroundWins: backgroundWins(classes, chosen.query * k, k),
      };
    });
  }

  /**
   * Query q's mask: the grid cells that upstream's mapping (upsample the padded grid, crop to the
   * resized image) reads, with the frame that says where they lie (mask-mapping.ts).
   */
  private crop(masks: Float32Array, q: number, image: EncodedImage): MaskLogits {
    const { resizedWidth: validWidth, resizedHeight: validHeight } = image.meta;
    return gridMask(masks, q, { width: image.featureWidth, height: image.featureHeight }, { cell: this.bundle.manifest.dims.maskStride, validWidth, validHeight });
  }

  /**
   * Decodes one or more objects on an encoded image (v1 bundles: several per decoder run,
   * see batchObjects). Latest wins: if another
   * decode is requested while this one waits, this one resolves as cancelled.
   */
  decodeAsync(imageKey: string, objects: readonly ObjectPrompt[]): Promise<Scheduled<ObjectResult[]>> {
    return this.latest.schedule(async () => {
      const results: ObjectResult[] = new Array<ObjectResult>(objects.length);
      for (const run of batchObjects(objects, this.bundle.manifest.dims.maxObjects)) {
        const got = await this.decodeRunAsync(imageKey, run.map((i) => objects[i] as ObjectPrompt));
        run.forEach((i, slot) => (results[i] = got[slot] as ObjectResult));
      }
      return results;
    });
  }

  /** Labels every region with a vocabulary category (SEEM's panoptic inference, panoptic.ts). */
  async segmentEverythingAsync(imageKey: string, options: SegmentEverythingOptions = {}): Promise<Segment[]> {
    const m = this.bundle.manifest;
    const k = this.vocabulary.names.length;
    const { image, out: empty } = await this.runDecoderAsync(imageKey, []);
    const queryObject = floatData(empty.query_object, 'query_object');
    const objectQueries = [...queryObject.keys()].filter((q) => Math.round(queryObject[q] as number) === OBJECT_QUERY);
    const segments = panopticFromQueries(
      {
        masks: floatData(empty.pred_masks, 'pred_masks'),
        gridWidth: image.featureWidth,
        gridHeight: image.featureHeight,
        cell: m.dims.maskStride,
        validWidth: image.meta.resizedWidth,
        validHeight: image.meta.resizedHeight,
      },
      {
        classLogits: floatData(empty.pred_class, 'pred_class'),
        classes: k,
        queries: objectQueries,
        thing: this.vocabulary.thing,
        objectThreshold: options.objectThreshold ?? m.scores.objectThreshold,
        overlapThreshold: options.overlapThreshold ?? m.scores.overlapThreshold,
        resolution: options.resolution ?? 'input',
      },
    );
    return segments.map((s) => ({
      mask: s.mask,
      imageWidth: image.meta.imageWidth,
      imageHeight: image.meta.imageHeight,
      category: this.vocabulary.names[s.classIndex] ?? 'object',
      score: s.score,
      thing: this.vocabulary.thing[s.classIndex] ?? true,
    }));
  }

  /**
   * Replaces the category words (null: back to the bundle's vocabulary). Each word
   * is embedded by the text encoder with the bundle's prompt templates (their
   * L2-normalised mean), and "background" is kept last.
   */
  async setVocabularyAsync(words: readonly string[] | null): Promise<void> {
    const m = this.bundle.manifest;
    if (!words) {
      this.vocabulary = { names: m.vocabulary.map((v) => v.name), thing: m.vocabulary.map((v) => v.thing), embeddings: this.bundle.vocabulary };
      return;
    }
    const clean = [...new Set(words.map((w) => w.trim()).filter((w) => w && w.toLowerCase() !== 'background'))];
    if (clean.length === 0) throw new EngineError('the custom vocabulary has no words');
    const C = m.dims.hidden;
    const templates = m.text.templates;
    const { eot } = await this.textAsync(clean.flatMap((w) => templates.map((t) => t.replace('{}', w))));
    const embeddings = new Float32Array((clean.length + 1) * C);
    clean.forEach((_, i) => {
      const mean = new Float32Array(C);
      templates.forEach((_t, j) => {
        l2normalise(eot.slice((i * templates.length + j) * C, (i * templates.length + j + 1) * C)).forEach((v, c) => (mean[c] = (mean[c] as number) + v));
      });
      embeddings.set(l2normalise(mean), i * C);
    });
    const bgIndex = m.vocabulary.length - 1;
    embeddings.set(this.bundle.vocabulary.subarray(bgIndex * C, (bgIndex + 1) * C), clean.length * C);
    this.vocabulary = { names: [...clean, 'background'], thing: [...clean.map(() => true), false], embeddings };
  }
}
