/**
 * The worker's side of a batch request: runs ui/engine/batch.ts over the items' encoded bytes (decoded here,
 * one image at a time), and turns each result into what the UI keeps — the vector path (traced while the
 * image's pixels are still at hand, for edge refinement) and a small thumbnail — so neither full-resolution
 * pixels nor mask logits leave the worker or outlive their image's turn.
 */
import { decodeImageAsync } from '../../image/decode-image';
import { maskThumbnail } from '../../image/mask-thumbnail';
import type { RgbaImage } from '../../image/rgba-image';
import { vectorizeMask } from '../../vector/vectorize-mask';
import { runBatchAsync, type BatchOutcome } from '../batch';
import type { SeemEngine } from '../engine';
import type { BatchItemOutcome, ToWorker } from '../../../contracts/worker';

export type BatchRequest = Extract<ToWorker, { type: 'batch' }>;

/** The thumbnail's tint: the plugin's accent blue. */
const TINT = [24, 160, 251] as const;

/** A done result → what the UI keeps; a mask that traces to nothing is a failure the designer can read. */
export const keptOutcome = (
  outcome: BatchOutcome,
  image: RgbaImage | undefined,
  req: Pick<BatchRequest, 'refine' | 'tolerance' | 'thumbnailSide' | 'text'>,
): BatchItemOutcome => {
  if (outcome.status === 'failed') return { status: 'failed', stage: outcome.stage, reason: outcome.reason };
  if (!image) return { status: 'failed', stage: 'decode', reason: 'the image was no longer loaded' };
  const { result } = outcome;
  const path = vectorizeMask(result.mask, image, { refine: req.refine, tolerance: req.tolerance });
  if (!path.data) return { status: 'failed', stage: 'decode', reason: `nothing found${req.text ? ` for “${req.text}”` : ''}` };
  return {
    status: 'done',
    category: result.category,
    score: result.categoryScore,
    path: path.data,
    thumbnail: maskThumbnail(image, result.mask, req.thumbnailSide, TINT),
    encodeMs: outcome.encodeMs,
    decodeMs: outcome.decodeMs,
  };
};

/** Runs the batch; resolves true when it was cancelled part-way. */
export const runBatchJobAsync = async (
  engine: SeemEngine,
  req: BatchRequest,
  o: {
    signal: AbortSignal;
    encodeAsync: (key: string, image: RgbaImage) => Promise<unknown>;
    /** The encoder runs on the model host: the next image is encoded there while this one is decoded here. */
    overlap: boolean;
    report: (index: number, outcome: BatchItemOutcome) => void;
  },
): Promise<boolean> => {
  const items = req.items.map((item) => ({ key: item.key, loadAsync: () => decodeImageAsync(item.bytes) }));
  const prompt = { ...(req.text?.trim() ? { text: req.text } : {}), ...(req.reference ? { reference: req.reference } : {}) };
  const outcomes = await runBatchAsync(engine, items, prompt, {
    signal: o.signal,
    encodeAsync: o.encodeAsync,
    overlap: o.overlap,
    onOutcome: (outcome, index, image) => {
      let kept: BatchItemOutcome;
      try {
        kept = keptOutcome(outcome, image, req);
      } catch (error) {
        kept = { status: 'failed', stage: 'decode', reason: `tracing the mask failed: ${error instanceof Error ? error.message : String(error)}` };
      }
      o.report(index, kept);
    },
  });
  return outcomes.length < req.items.length;
};
