/**
 * Batch cutouts: the same prompt — text, a region marked on one image (SEEM's referring image: its visual
 * tokens are injected into each other image's decode), or both — applied to many images, one at a time:
 * load (decode the bytes), encode, decode, report, forget. Memory stays bounded whatever the count: only the
 * image being worked on (and the reference image) keeps encoder outputs — with `overlap` (a remote encoder), also
 * the next one, being encoded meanwhile. An image that cannot be loaded,
 * encoded or decoded is reported with its reason and the batch goes on; an abort stops it between steps,
 * and what was done stays reported. Runs wherever the engine runs (the UI's worker, Node).
 */
import type { RgbaImage } from '../image/rgba-image';
import type { ObjectPrompt, ObjectResult, SeemEngine } from './engine';

export interface BatchItem {
  key: string;
  /** Loads the image's pixels when its turn comes (so pixels, too, are held one image at a time). */
  loadAsync: () => Promise<RgbaImage>;
}

/** What every image is asked: text and/or a reference region (on an image already encoded in the engine). */
export type BatchPrompt = Pick<ObjectPrompt, 'text' | 'reference'>;

export type BatchOutcome =
  | { key: string; status: 'done'; result: ObjectResult; encodeMs: number; decodeMs: number }
  | { key: string; status: 'failed'; stage: 'load' | 'encode' | 'decode'; reason: string };

export interface BatchOptions {
  signal?: AbortSignal;
  /** Called as each image's outcome arrives (index in `items`), with that image's pixels when they were loaded. */
  onOutcome?: (outcome: BatchOutcome, index: number, image?: RgbaImage) => void;
  /** The encoder to use (default: the engine's own; the worker passes the model host's for remote encoding). */
  encodeAsync?: (key: string, image: RgbaImage) => Promise<unknown>;
  /**
   * Load and encode the next image while this one is decoded. Worth it only when the encoder runs elsewhere (the
   * model host): on one thread the runs would merely interleave. Then at most two images' encodings are held.
   */
  overlap?: boolean;
}

const DECODE_RETRIES = 5;

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** An image loaded and encoded, or where that failed. */
type Prepared = { image: RgbaImage; encodeMs: number } | { stage: 'load' | 'encode'; reason: string };

export const runBatchAsync = async (engine: SeemEngine, items: readonly BatchItem[], prompt: BatchPrompt, o: BatchOptions = {}): Promise<BatchOutcome[]> => {
  if (!prompt.text?.trim() && !prompt.reference) throw new Error('a batch needs text or a reference region to look for');
  const encode = o.encodeAsync ?? ((key: string, image: RgbaImage) => engine.encodeImageAsync(key, image));
  const keep = prompt.reference?.imageKey;
  const forget = (key: string): void => {
    if (key !== keep) engine.forgetImage(key);
  };
  const outcomes: BatchOutcome[] = [];
  const report = (outcome: BatchOutcome, index: number, image?: RgbaImage): void => {
    outcomes.push(outcome);
    o.onOutcome?.(outcome, index, image);
  };
  const prepareAsync = async (item: BatchItem): Promise<Prepared | 'aborted'> => {
    let stage: 'load' | 'encode' = 'load';
    try {
      const image = await item.loadAsync();
      if (o.signal?.aborted) return 'aborted';
      stage = 'encode';
      const t0 = performance.now();
      await encode(item.key, image);
      return { image, encodeMs: performance.now() - t0 };
    } catch (e) {
      return { stage, reason: reasonOf(e) };
    }
  };
  const objects = [{ ...prompt, ...(prompt.text ? { text: prompt.text.trim() } : {}) }];
  /** The next image, already being prepared (overlap only). */
  let next: { key: string; ready: Promise<Prepared | 'aborted'> } | null = null;
  try {
    for (const [index, item] of items.entries()) {
      if (o.signal?.aborted) break;
      const ready = await (next?.ready ?? prepareAsync(item));
      next = null;
      try {
        if (ready === 'aborted' || o.signal?.aborted) break;
        if (!('image' in ready)) {
          report({ key: item.key, status: 'failed', stage: ready.stage, reason: ready.reason }, index);
          continue;
        }
        const following = items[index + 1];
        // Not for the same image twice in a row: this one's turn ends by forgetting it.
        if (o.overlap && following && following.key !== item.key) next = { key: following.key, ready: prepareAsync(following) };
        const t1 = performance.now();
        // Decodes are latest-only engine-wide: a prompt or hover preview in the UI meanwhile may replace this one
        // while it waits. A batch image is asked again (a few times) rather than lost to a hover.
        let r = await engine.decodeAsync(item.key, objects);
        for (let retry = 0; r.status === 'cancelled' && retry < DECODE_RETRIES && !o.signal?.aborted; retry++) r = await engine.decodeAsync(item.key, objects);
        const result = r.status === 'done' ? r.value[0] : undefined;
        if (!result) throw new Error('the decode was cancelled by another request');
        report({ key: item.key, status: 'done', result, encodeMs: ready.encodeMs, decodeMs: performance.now() - t1 }, index, ready.image);
      } catch (e) {
        report({ key: item.key, status: 'failed', stage: 'decode', reason: reasonOf(e) }, index);
      } finally {
        forget(item.key);
      }
    }
  } finally {
    // Stopped with the next image already under way: it is not reported, and not kept either.
    const pending = next;
    if (pending) await pending.ready.then(() => forget(pending.key));
  }
  return outcomes;
};
