/**
 * The SEEM engine: the heavy image encoder once per image (outputs cached by
 * image key), then per prompt the light graphs — visual_prompt for drawn prompts
 * (on this image, or on a reference image for referring), text_encoder for text,
 * and prompt_decoder — and SEEM's mask choice and labelling. Runs in the UI's Web
 * Worker (onnxruntime-web) and in Node (onnxruntime-node) unchanged.
 */
import type { RgbaImage } from '../image/rgba-image';
import type { LoadedBundle } from './bundle/load-bundle';
import { InFlight } from './in-flight';
import { EncodedImages, type EncodedImage as CachedImage } from './encoded-images';
import { EngineError } from './engine-error';
import { LatestOnly, type Scheduled } from './latest-only';
import { floatData, type Feeds, type Outputs, type Tensor } from './ort-types';
import { gridMask, type MaskLogits } from './mask-mapping';
import { panopticFromQueries, type PanopticResolution } from './panoptic';
import { preprocessImage, type ImageGeometryMeta } from './preprocess';
import { pointFeeds, promptsToPoints } from './prompts/point-feeds';
import type { VisualPrompt } from './prompts/types';
import type { OrtRuntime } from './runtime';
import { batchObjects } from './batch-objects';
import {
  emptyVisual,
  fingerprint,
  groundingRun,
  memoryRun,
  objectRun,
  objectsWithPoints,
  runFeeds,
  spatialRun,
  trimVisual,
  usedPoints,
  type MemoryStates,
  type QueryRun,
  type VisualTokens,
} from './query-runs';
import { backgroundWins } from './category-label';
import { classify, OBJECT_QUERY, selectQuery, type QueryOutputs } from './select-mask';
import { embedClassNamesAsync } from './class-embeddings';
import { tokenize, tokenizeTexts } from './text-encoding';

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
  /** The answering query's row in SEEM's combined order (v1: [Q object | Q grounding | 3 per object spatial]). */
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

export { EngineError };

export interface EngineOptions {
  /** Bytes of encoder outputs (and decoded object queries) kept across images. */
  cacheBytes?: number;
  /** Keep images not being prompted as float16 (half the bytes; expanded when prompted again). */
  packInactive?: boolean;
}

/** Segment everything's knobs; unset ones come from the bundle (seem.json `scores`) or the reference. */
export interface SegmentEverythingOptions {
  objectThreshold?: number;
  overlapThreshold?: number;
  /** Default "input": upstream's full-resolution merge (see panoptic.ts). */
  resolution?: PanopticResolution;
}

/** A decoder run's per-query outputs, as the engine reads them. */
interface DecodedQueries {
  masks: Float32Array;
  classes: Float32Array;
  queries: QueryOutputs;
  /** query_decoder's memory_out [layers, R, C] (R = memories computed by the run). */
  memoryOut?: Float32Array;
}

interface EncodedImage extends CachedImage {
  key: string;
  /** The prompt-free object queries (segment everything), decoded once on first need, for one vocabulary. */
  objectQueries?: { vocabulary: number; result: Promise<DecodedQueries> };
  /** The current round's memory tokens (split decoder), by the previous-mask feed they were computed for. */
  memories?: { key: string; result: Promise<MemoryStates> };
}

export interface DecodeOptions {
  /**
   * The results will be the next round's previous masks (a prompt, not a hover preview): compute that
   * round's memory tokens now, off the next click's path.
   */
  nextRound?: boolean;
}

/** A text prompt through the text encoder (textAsync). */
interface EncodedText {
  tokens: Float32Array;
  eot: Float32Array;
  valid: Float32Array;
  length: number;
}
/** Text encodings kept (a few hundred KB each at most). */
const TEXT_CACHE_SIZE = 16;

/** The cached object queries' mask logits [Q, h·w], kept with the image's encoder outputs. */
const OBJECT_MASKS = 'object_queries.pred_masks';

/** Logit standing for "surely outside" where a previous mask does not reach (the padding). */
const OUTSIDE = -20;
const DEFAULT_CACHE_BYTES = 512 * 1024 * 1024;

export class SeemEngine {
  private readonly images: EncodedImages<EncodedImage>;
  private readonly latest = new LatestOnly();
  /** Encodes in flight, by image key. */
  private readonly encoding = new InFlight<ImageGeometryMeta>();
  /** Text encodings by text, least recently used first (textAsync). */
  private readonly texts = new Map<string, Promise<EncodedText>>();
  private vocabulary: { names: string[]; thing: boolean[]; embeddings: Float32Array };
  /** Changes with the vocabulary: class logits cached per image are for one vocabulary. */
  private vocabularyVersion = 0;

  constructor(
    private readonly runtime: OrtRuntime,
    readonly bundle: LoadedBundle,
    options: EngineOptions = {},
  ) {
    // SEEM's mask_features_l are mask_features resized to each level: a packed image derives them again
    // (the names the light graphs take from the encoder: known without the encoder, which remote mode never loads)
    const levels = new Set([...bundle.visualTakes, ...bundle.decoderTakes].filter((n) => /^mask_features_\d+$/.test(n)));
    const derived = [...levels].map((name) => ({ name, from: 'mask_features' }));
    this.images = new EncodedImages(options.cacheBytes ?? DEFAULT_CACHE_BYTES, options.packInactive ?? true, (data, dims) => this.tensor(data, dims), derived);
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
    return this.images.has(key);
  }

  /** The encoder's input for an image (for a remote encoder: the same preprocessing as local). */
  prepareImage(image: RgbaImage): { data: Float32Array; dims: number[]; meta: ImageGeometryMeta } {
    const { data, meta } = preprocessImage(image, this.bundle.manifest.preprocess);
    return { data, dims: [1, 3, meta.paddedHeight, meta.paddedWidth], meta };
  }

  /**
   * Runs the image encoder once per key; later calls return the cached geometry, and a call while that key's
   * encode is still running shares it (the worker answers two encode requests for one image with one run).
   */
  async encodeImageAsync(key: string, image: RgbaImage): Promise<ImageGeometryMeta> {
    if (this.images.has(key)) return this.images.get(key).meta;
    return this.encoding.run(key, async () => {
      const encoder = this.bundle.encoder;
      if (!encoder) throw new EngineError("this engine was loaded for the model host's encoder (remote mode): encode through the host and storeEncoded");
      const { data, dims, meta } = this.prepareImage(image);
      const outputs = await this.runtime.runAsync(encoder, { image: this.tensor(data, dims) });
      this.storeEncoded(key, meta, outputs);
      return meta;
    });
  }

  /** Adds encoder outputs computed elsewhere (the model host's remote encoder). */
  storeEncoded(key: string, meta: ImageGeometryMeta, outputs: Outputs): void {
    const features = outputs.mask_features;
    if (!features) throw new EngineError('the encoder returned no mask_features');
    // A remote encoder's outputs were not checked against a local graph: every one the light graphs take must be here.
    const absent = [...new Set([...this.bundle.visualTakes, ...this.bundle.decoderTakes])].filter((n) => !outputs[n]);
    if (absent.length > 0) throw new EngineError(`the encoder returned no ${absent.map((n) => `"${n}"`).join(', ')} (visual_prompt / the decoder take it)`);
    const [, , fh, fw] = features.dims as [number, number, number, number];
    this.images.store(key, { key, meta, featureWidth: fw, featureHeight: fh }, outputs);
  }

  /** Bytes held by the per-image cache (encoder outputs and cached object-query runs). */
  get cachedBytes(): number {
    return this.images.bytes;
  }

  /** Forgets an encoded image (a batch keeps only the image it is working on). */
  forgetImage(key: string): void {
    this.images.delete(key);
  }

  /**
   * Decodes an encoded image's object queries now (segment everything and labels then need no
   * decoder run); otherwise that happens on first need. Idempotent.
   */
  async decodeObjectQueriesAsync(imageKey: string): Promise<void> {
    await this.objectQueriesAsync(this.images.activate(imageKey));
  }

  /** visual_prompt on one image; slot m holds objects[m]'s prompts (no objects: all padding). */
  private async visualAsync(image: EncodedImage, objects: readonly (readonly VisualPrompt[])[]) {
    const { maxObjects, maxPoints, maskStride } = this.bundle.manifest.dims;
    const points = objects.map((prompts) => promptsToPoints(prompts, image.meta, maskStride, maxPoints));
    const feeds = pointFeeds(points, image.meta, maxObjects, maxPoints);
    const out = await this.runtime.runAsync(this.bundle.visual, {
      ...this.images.feeds(image.key, this.bundle.visualTakes),
      point_coords: this.tensor(feeds.coords, [1, maxObjects, maxPoints, 2]),
      point_labels: this.tensor(feeds.labels, [1, maxObjects, maxPoints]),
    });
    return { out, positives: feeds.counts.map((c) => c.positive) };
  }

  /** The text encoder on ids [batch, length]: eot_embedding [batch, C] and token_embeddings [batch, length, C]. */
  private async runTextAsync(ids: BigInt64Array, batch: number, length: number): Promise<{ eot: Float32Array; tokens: Float32Array }> {
    const out = await this.runtime.runAsync(this.bundle.text, { input_ids: new this.runtime.ort.Tensor('int64', ids, [batch, length]) });
    const eot = floatData(out.eot_embedding, 'eot_embedding');
    if (eot.length !== batch * this.bundle.manifest.dims.hidden) throw new EngineError('text_encoder returned an eot_embedding of the wrong size');
    return { eot, tokens: floatData(out.token_embeddings, 'token_embeddings') };
  }

  /**
   * One text prompt at its own token count (text-encoding.ts): tokens [1, t, C], valid [1, t], eot [C]. The text
   * encoder's answer depends on the text alone, so the last few are kept: a batch's prompt over N images, or a
   * text asked again, runs it once.
   */
  private textAsync(text: string): Promise<EncodedText> {
    const cached = this.texts.get(text);
    if (cached) {
      this.texts.delete(text);
      this.texts.set(text, cached);
      return cached;
    }
    const running = this.encodeTextAsync(text);
    this.texts.set(text, running);
    for (const key of this.texts.keys()) if (this.texts.size > TEXT_CACHE_SIZE) this.texts.delete(key);
    // a failed run is not kept: the next request tries again
    void running.catch(() => {
      if (this.texts.get(text) === running) this.texts.delete(text);
    });
    return running;
  }

  private async encodeTextAsync(text: string): Promise<EncodedText> {
    const { maxTextTokens } = this.bundle.manifest.dims;
    const own = tokenize(this.bundle.tokenizer, text, maxTextTokens).length;
    const length = this.bundle.textFixedLength ?? own;
    const enc = tokenizeTexts(this.bundle.tokenizer, [text], maxTextTokens, this.bundle.manifest.text.padTokenId, length);
    const { eot, tokens } = await this.runTextAsync(enc.ids, 1, length);
    return { tokens, eot, valid: enc.valid, length };
  }

  /**
   * Runs the prompt-side graphs for objects in slots 0… (other slots empty). Text and a
   * reference are per run: they come from a run's only object (batchObjects keeps them alone).
   * No objects (segment everything) gives padding-only visual tokens and no text, reference or memory.
   */
  private async runDecoderAsync(imageKey: string, objects: readonly ObjectPrompt[]) {
    const { maxObjects, maxTextTokens: T, hidden: C } = this.bundle.manifest.dims;
    const image = this.images.activate(imageKey);
    const single = objects.length === 1 ? objects[0] : undefined;
    const spatial = await this.visualAsync(
      image,
      objects.map((o) => o.visual ?? []),
    );
    const reference = single?.reference ? await this.visualAsync(this.images.get(single.reference.imageKey), [single.reference.prompts]) : null;
    const text = single?.text?.trim() ? await this.textAsync(single.text.trim()) : null;
    const feeds: Feeds = { ...this.images.feeds(image.key, this.bundle.decoderTakes) };
    for (const [name, t] of Object.entries(spatial.out)) {
      feeds[`spatial_${name}`] = t;
      const r = reference?.out[name];
      feeds[`reference_${name}`] = r ?? this.tensor(new Float32Array((t.data as Float32Array).length), t.dims);
    }
    // the combined decoder takes the text padded to the context length (padding is never a key)
    const textTokens = new Float32Array(T * C);
    const textValid = new Float32Array(T);
    if (text) {
      textTokens.set(text.tokens.subarray(0, Math.min(text.length, T) * C));
      textValid.set(text.valid.subarray(0, Math.min(text.length, T)));
    }
    feeds.text_tokens = this.tensor(textTokens, [1, T, C]);
    feeds.text_valid = this.tensor(textValid, [1, T]);
    feeds.text_eot = this.tensor(text?.eot ?? new Float32Array(C), [1, C]);
    feeds.prev_mask = this.prevMask(objects, image, maxObjects);
    feeds.has_prev = this.tensor(Float32Array.of(objects.some((o) => o.previous) ? 1 : 0), [1]);
    feeds.vocab_embeddings = this.tensor(this.vocabulary.embeddings, [this.vocabulary.names.length, C]);
    // only what the graph declares: a layout that never reads an input has none (contract: optional inputs)
    const declared = new Set(this.bundle.decoder.inputNames);
    const out = await this.runtime.runAsync(this.bundle.decoder, Object.fromEntries(Object.entries(feeds).filter(([n]) => declared.has(n))));
    return { image, out, spatial, reference, text };
  }

  private decoded(out: Outputs, queryObject: Float32Array): DecodedQueries {
    return {
      masks: floatData(out.pred_masks, 'pred_masks'),
      classes: floatData(out.pred_class, 'pred_class'),
      queries: {
        queries: queryObject.length,
        hidden: this.bundle.manifest.dims.hidden,
        maskembs: floatData(out.pred_maskembs, 'pred_maskembs'),
        captions: floatData(out.pred_captions, 'pred_captions'),
        queryObject,
      },
      ...(out.memory_out ? { memoryOut: floatData(out.memory_out, 'memory_out') } : {}),
    };
  }

  /** Previous-round masks of objects in slots 0… as prev_mask [1, slots, h, w] (OUTSIDE where absent). */
  private prevMask(objects: readonly ObjectPrompt[], image: EncodedImage, slots: number): Tensor {
    const { featureWidth: fw, featureHeight: fh } = image;
    const prev = new Float32Array(slots * fh * fw).fill(OUTSIDE);
    objects.forEach((o, m) => {
      const p = o.previous;
      if (!p) return;
      for (let y = 0; y < Math.min(p.height, fh); y++) {
        for (let x = 0; x < Math.min(p.width, fw); x++) prev[(m * fh + y) * fw + x] = p.data[y * p.width + x] as number;
      }
    });
    return this.tensor(prev, [1, slots, fh, fw]);
  }

  private visualTokens(out: Outputs): VisualTokens {
    const raw = (name: string) => ({ data: floatData(out[name], name), dims: [...(out[name]?.dims ?? [])] });
    return { tokens: raw('tokens'), pos_valid: raw('pos_valid'), neg_valid: raw('neg_valid') };
  }

  /** One query_decoder run (v1): the run's queries over its prompts, text and memory (query-runs.ts). */
  private async runQueriesAsync(
    image: EncodedImage,
    run: QueryRun,
    prompts: { spatial: VisualTokens; reference: VisualTokens },
    text: { tokens: Float32Array; valid: Float32Array } | null,
    prevMask: Tensor,
  ): Promise<DecodedQueries> {
    const { hidden: C, decoderLayers } = this.bundle.manifest.dims;
    const feeds: Feeds = { ...this.images.feeds(image.key, this.bundle.decoderTakes) };
    const own = runFeeds(run, prompts, { hidden: C, decoderLayers });
    for (const [name, t] of Object.entries(own.float)) feeds[name] = this.tensor(t.data, t.dims);
    for (const [name, t] of Object.entries(own.int64)) feeds[name] = new this.runtime.ort.Tensor('int64', t.data, t.dims);
    // Text: its real tokens only (BOS … EOT; padding is never a key), or none.
    const t = text ? text.valid.reduce((s, v) => s + v, 0) : 0;
    feeds.text_tokens = this.tensor(text ? text.tokens.slice(0, t * C) : new Float32Array(0), [1, t, C]);
    feeds.text_valid = this.tensor(text ? text.valid.slice(0, t) : new Float32Array(0), [1, t]);
    feeds.prev_mask = prevMask;
    feeds.vocab_embeddings = this.tensor(this.vocabulary.embeddings, [this.vocabulary.names.length, C]);
    return this.decoded(await this.runtime.runAsync(this.bundle.decoder, feeds), run.queryTags);
  }

  /**
   * The memory tokens of a round (split decoder): computed once per previous-mask feed and object count,
   * then taken by every click (and hover preview) of the round. Only the latest round is kept per image.
   */
  private memoryStatesAsync(image: EncodedImage, prevMask: Tensor, objectsWithPoints: number): Promise<MemoryStates> {
    const key = `${objectsWithPoints}:${prevMask.dims.join('x')}:${fingerprint(prevMask.data as Float32Array)}`;
    if (image.memories?.key === key) return image.memories.result;
    const { hidden: C, memoryTokens } = this.bundle.manifest.dims;
    const run = memoryRun(memoryTokens, objectsWithPoints);
    const none = emptyVisual(C);
    const result = this.runQueriesAsync(image, run, { spatial: none, reference: none }, null, prevMask).then((d) => {
      if (!d.memoryOut) throw new EngineError('query_decoder returned no memory_out');
      return { states: d.memoryOut, count: memoryTokens, objects: run.memoryObject };
    });
    const entry = { key, result };
    image.memories = entry;
    result.catch(() => {
      if (image.memories === entry) image.memories = undefined;
    });
    return result;
  }

  /** The object queries of an image, decoded once (v0: the prompt decoder with no prompt, which is prompt-free). */
  private objectQueriesAsync(image: EncodedImage): Promise<DecodedQueries> {
    if (image.objectQueries?.vocabulary === this.vocabularyVersion) return image.objectQueries.result;
    const result = (async () => {
      let d: DecodedQueries;
      if (!this.split) {
        const { out } = await this.runDecoderAsync(image.key, []);
        d = this.decoded(out, floatData(out.query_object, 'query_object'));
      } else {
        const none = emptyVisual(this.bundle.manifest.dims.hidden);
        d = await this.runQueriesAsync(
          image,
          objectRun(this.bundle.manifest.dims.queries),
          { spatial: none, reference: none },
          null,
          this.prevMask([], image, 1),
        );
      }
      // The masks (the bulk) are kept with the image's outputs, packed with them when the image is not
      // being prompted; the rest counts towards the image's bytes.
      this.images.attach(image.key, OBJECT_MASKS, this.tensor(d.masks, [d.queries.queries, d.masks.length / d.queries.queries]));
      this.images.setExtraBytes(image.key, d.classes.byteLength + d.queries.captions.byteLength + d.queries.maskembs.byteLength);
      return { ...d, masks: new Float32Array(0) };
    })();
    const entry = { vocabulary: this.vocabularyVersion, result };
    image.objectQueries = entry;
    // A failed run is not cached: the next request tries again.
    result.catch(() => {
      if (image.objectQueries === entry) image.objectQueries = undefined;
    });
    return result;
  }

  /** A split decoder runs per query group (query_decoder); a combined one runs every query for every prompt. */
  private get split(): boolean {
    return this.bundle.manifest.model.decoder === 'split';
  }

  /**
   * A v1 decode: the objects' spatial queries when any has a visual prompt or a reference (the
   * spatial queries never see text, as upstream's v1 attention table says, so clicks decide), else
   * the grounding queries for the text. Rows are reported in SEEM's combined order.
   */
  private async decodeSplitAsync(imageKey: string, objects: readonly ObjectPrompt[], options: DecodeOptions): Promise<ObjectResult[]> {
    const m = this.bundle.manifest;
    const { hidden: C, queries: Q, memoryTokens } = m.dims;
    const image = this.images.activate(imageKey);
    const single = objects.length === 1 ? objects[0] : undefined;
    const spatialWanted = objects.some((o) => (o.visual?.length ?? 0) > 0 || o.reference) || !single?.text?.trim();
    let decoded: DecodedQueries;
    let nextRound = (_results: readonly ObjectResult[]): void => undefined;
    let rowOffset: number;
    let cue: (slot: number) => { posSummary: Float32Array | null; textEot: Float32Array | null };
    if (spatialWanted) {
      const spatial = await this.visualAsync(
        image,
        objects.map((o) => o.visual ?? []),
      );
      const reference = single?.reference ? await this.visualAsync(this.images.get(single.reference.imageKey), [single.reference.prompts]) : null;
      const groups = [this.visualTokens(spatial.out), ...(reference ? [this.visualTokens(reference.out)] : [])];
      const points = Math.max(...groups.map((g) => usedPoints(g, objects.length)));
      const [here, there] = groups.map((g) => trimVisual(g, objects.length, points)) as [VisualTokens, VisualTokens | undefined];
      const hasPrev = objects.some((o) => o.previous);
      const withPoints = objectsWithPoints(groups, objects.length);
      const prevMask = this.prevMask(objects, image, objects.length);
      const known = hasPrev && memoryTokens > 0 ? await this.memoryStatesAsync(image, prevMask, withPoints) : undefined;
      const run = spatialRun(objects.length, memoryTokens, withPoints, hasPrev, known);
      decoded = await this.runQueriesAsync(image, run, { spatial: here, reference: there ?? emptyVisual(C, objects.length, points) }, null, prevMask);
      nextRound = (results) => {
        if (!options.nextRound || memoryTokens === 0) return;
        const next = this.prevMask(
          results.map((r) => ({ previous: r.mask })),
          image,
          objects.length,
        );
        this.memoryStatesAsync(image, next, withPoints).catch(() => undefined); // a failure shows on the next click
      };
      rowOffset = 2 * Q;
      const summaries = floatData(spatial.out.pos_summary, 'pos_summary');
      const referenceSummary = reference && (reference.positives[0] ?? 0) > 0 ? floatData(reference.out.pos_summary, 'pos_summary').slice(0, C) : null;
      cue = (slot) => ({ posSummary: (spatial.positives[slot] ?? 0) > 0 ? summaries.slice(slot * C, (slot + 1) * C) : referenceSummary, textEot: null });
    } else {
      const text = await this.textAsync((single?.text ?? '').trim());
      const none = emptyVisual(C);
      decoded = await this.runQueriesAsync(image, groundingRun(Q), { spatial: none, reference: none }, text, this.prevMask([], image, 1));
      rowOffset = Q;
      cue = () => ({ posSummary: null, textEot: text.eot });
    }
    const results = objects.map((_, slot) => this.answer(decoded, slot, cue(slot), image, rowOffset));
    nextRound(results);
    return results;
  }

  /** SEEM's mask choice and label for the object in `slot` of a decoded run. */
  private answer(
    d: DecodedQueries,
    slot: number,
    cue: { posSummary: Float32Array | null; textEot: Float32Array | null },
    image: EncodedImage,
    rowOffset = 0,
  ): ObjectResult {
    const k = this.vocabulary.names.length;
    const chosen = selectQuery(d.queries, slot, { ...cue, logitScale: this.bundle.manifest.scores.logitScale });
    const cls = classify(d.classes, chosen.query * k, k, true);
    return {
      mask: this.crop(d.masks, chosen.query, image),
      imageWidth: image.meta.imageWidth,
      imageHeight: image.meta.imageHeight,
      query: rowOffset + chosen.query,
      score: chosen.score,
      category: this.vocabulary.names[cls.index] ?? 'object',
      categoryScore: cls.prob,
      backgroundWins: backgroundWins(d.classes, chosen.query * k, k),
    };
  }

  /** One decoder run for up to maxObjects objects; SEEM's mask choice per object. */
  private async decodeRunAsync(imageKey: string, objects: readonly ObjectPrompt[], options: DecodeOptions): Promise<ObjectResult[]> {
    if (this.split) return this.decodeSplitAsync(imageKey, objects, options);
    const C = this.bundle.manifest.dims.hidden;
    const { image, out, spatial, reference, text } = await this.runDecoderAsync(imageKey, objects);
    const decoded = this.decoded(out, floatData(out.query_object, 'query_object'));
    const spatialSummary = floatData(spatial.out.pos_summary, 'pos_summary');
    // A reference is per run (a run with one is a run of one): its summary stands in when the object has no positives here.
    const referenceSummary = reference && (reference.positives[0] ?? 0) > 0 ? floatData(reference.out.pos_summary, 'pos_summary').slice(0, C) : null;
    return objects.map((_, slot) => {
      const posSummary = (spatial.positives[slot] ?? 0) > 0 ? spatialSummary.slice(slot * C, (slot + 1) * C) : referenceSummary;
      return this.answer(decoded, slot, { posSummary, textEot: text ? text.eot : null }, image);
    });
  }

  /**
   * Query q's mask: the grid cells that upstream's mapping (upsample the padded grid, crop to the
   * resized image) reads, with the frame that says where they lie (mask-mapping.ts).
   */
  private crop(masks: Float32Array, q: number, image: EncodedImage): MaskLogits {
    const { resizedWidth: validWidth, resizedHeight: validHeight } = image.meta;
    return gridMask(
      masks,
      q,
      { width: image.featureWidth, height: image.featureHeight },
      { cell: this.bundle.manifest.dims.maskStride, validWidth, validHeight },
    );
  }

  /**
   * Decodes one or more objects on an encoded image (v1 bundles: several per decoder run,
   * see batchObjects). Latest wins: if another
   * decode is requested while this one waits, this one resolves as cancelled.
   */
  decodeAsync(imageKey: string, objects: readonly ObjectPrompt[], options: DecodeOptions = {}): Promise<Scheduled<ObjectResult[]>> {
    return this.latest.schedule(async () => {
      const results: ObjectResult[] = new Array<ObjectResult>(objects.length);
      for (const run of batchObjects(objects, this.bundle.manifest.dims.maxObjects)) {
        const got = await this.decodeRunAsync(
          imageKey,
          run.map((i) => objects[i] as ObjectPrompt),
          options,
        );
        run.forEach((i, slot) => (results[i] = got[slot] as ObjectResult));
      }
      return results;
    });
  }

  /** Labels every region with a vocabulary category (SEEM's panoptic inference, panoptic.ts). */
  async segmentEverythingAsync(imageKey: string, options: SegmentEverythingOptions = {}): Promise<Segment[]> {
    const m = this.bundle.manifest;
    const k = this.vocabulary.names.length;
    const image = this.images.activate(imageKey);
    const { classes, queries } = await this.objectQueriesAsync(image);
    const masks = floatData(this.images.feeds(image.key, [OBJECT_MASKS])[OBJECT_MASKS], OBJECT_MASKS);
    const objectQueries = [...queries.queryObject.keys()].filter((q) => Math.round(queries.queryObject[q] as number) === OBJECT_QUERY);
    const segments = panopticFromQueries(
      {
        masks,
        gridWidth: image.featureWidth,
        gridHeight: image.featureHeight,
        cell: m.dims.maskStride,
        validWidth: image.meta.resizedWidth,
        validHeight: image.meta.resizedHeight,
      },
      {
        classLogits: classes,
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
    this.vocabularyVersion++;
    if (!words) {
      this.vocabulary = { names: m.vocabulary.map((v) => v.name), thing: m.vocabulary.map((v) => v.thing), embeddings: this.bundle.vocabulary };
      return;
    }
    const clean = [...new Set(words.map((w) => w.trim()).filter((w) => w && w.toLowerCase() !== 'background'))];
    if (clean.length === 0) throw new EngineError('the custom vocabulary has no words');
    const C = m.dims.hidden;
    const wordEmbeddings = await embedClassNamesAsync(
      async (ids, batch, length) => (await this.runTextAsync(ids, batch, length)).eot,
      this.bundle.tokenizer,
      clean,
      m.text.templates,
      {
        contextLength: m.dims.maxTextTokens,
        padId: m.text.padTokenId,
        hidden: C,
        ...(this.bundle.textFixedLength ? { fixedLength: this.bundle.textFixedLength } : {}),
      },
    );
    const embeddings = new Float32Array((clean.length + 1) * C);
    embeddings.set(wordEmbeddings);
    const bgIndex = m.vocabulary.length - 1;
    embeddings.set(this.bundle.vocabulary.subarray(bgIndex * C, (bgIndex + 1) * C), clean.length * C);
    this.vocabulary = { names: [...clean, 'background'], thing: [...clean.map(() => true), false], embeddings };
  }
}
