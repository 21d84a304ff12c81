/**
 * Batch cutouts: the same prompt — text, a region marked on one image (SEEM's referring image: its visual
 * tokens are injected into each other image's decode), or both — applied to many images, one at a time:
 * load (decode the bytes), encode, decode, report, forget. Memory stays bounded whatever the count: only the
 * image being worked on (and the reference image) keeps encoder outputs. An image that cannot be loaded,
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
  /** Called as each image's outcome arrives (index in `items`). */
  onOutcome?: (outcome: BatchOutcome, index: number) => void;
  /** The encoder to use (default: the engine's own; the worker passes the model host's for remote encoding). */
  encodeAsync?: (key: string, image: RgbaImage) => Promise<unknown>;
}

const DECODE_RETRIES = 5;

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const runBatchAsync = async (engine: SeemEngine, items: readonly BatchItem[], prompt: BatchPrompt, o: BatchOptions = {}): Promise<BatchOutcome[]> => {
  if (!prompt.text?.trim() && !prompt.reference) throw new Error('a batch needs text or a reference region to look for');
  const encode = o.encodeAsync ?? ((key: string, image: RgbaImage) => engine.encodeImageAsync(key, image));
  const keep = prompt.reference?.imageKey;
  const outcomes: BatchOutcome[] = [];
  const report = (outcome: BatchOutcome, index: number): void => {
    outcomes.push(outcome);
    o.onOutcome?.(outcome, index);
  };
  for (const [index, item] of items.entries()) {
    if (o.signal?.aborted) break;
    let stage: 'load' | 'encode' | 'decode' = 'load';
    try {
      const image = await item.loadAsync();
      if (o.signal?.aborted) break;
      stage = 'encode';
      const t0 = performance.now();
      await encode(item.key, image);
      const t1 = performance.now();
      if (o.signal?.aborted) break;
      stage = 'decode';
      const objects = [{ ...prompt, ...(prompt.text ? { text: prompt.text.trim() } : {}) }];
      // Decodes are latest-only engine-wide: a prompt or hover preview in the UI meanwhile may replace this one
      // while it waits. A batch image is asked again (a few times) rather than lost to a hover.
      let r = await engine.decodeAsync(item.key, objects);
      for (let retry = 0; r.status === 'cancelled' && retry < DECODE_RETRIES && !o.signal?.aborted; retry++) r = await engine.decodeAsync(item.key, objects);
      const result = r.status === 'done' ? r.value[0] : undefined;
      if (!result) throw new Error('the decode was cancelled by another request');
      report({ key: item.key, status: 'done', result, encodeMs: t1 - t0, decodeMs: performance.now() - t1 }, index);
    } catch (e) {
      report({ key: item.key, status: 'failed', stage, reason: reasonOf(e) }, index);
    } finally {
      if (item.key !== keep) engine.forgetImage(item.key);
    }
  }
  return outcomes;
};
