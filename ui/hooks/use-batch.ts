/**
 * Batch mode: one text and/or reference prompt over every selected image, run in the engine worker
 * (one image's encoder outputs at a time), results listed as they arrive, then "Apply all" as ONE
 * `apply-batch` request (one undo step in the sandbox). Cancel stops between two steps and keeps what was
 * done; nothing is written until Apply. The state lives in a ref as well, so the quick action can apply
 * right after the batch resolves (before a render).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from '../../contracts/sandbox';
import type { SandboxChannel } from '../channel/sandbox-channel';
import type { VisualPrompt } from '../engine/prompts/types';
import type { EngineClient } from '../engine/worker/client';
import { idleBatch, isRunning, reduceBatch, rowsToApply, type BatchAction, type BatchState } from '../state/batch';
import { errorText, type SetStatus } from '../state/status-line';
import type { ApplyOptions } from './use-apply';
import type { LoadedImage } from './use-sandbox-selection';

/** Long side of the list's thumbnails (CSS shows them at half that, sharp on 2× screens). */
const THUMBNAIL_SIDE = 96;
/** The accent blue, the colour a layer gets unless "One fill" chose another. */
const ACCENT: [number, number, number] = [24 / 255, 160 / 255, 251 / 255];

export interface BatchPrompt {
  text?: string;
  reference?: { imageKey: string; prompts: VisualPrompt[]; name: string };
}

const fromHex = (h: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255) as [number, number, number];

export const useBatch = (opts: {
  channel: SandboxChannel;
  client: EngineClient | null;
  images: readonly LoadedImage[];
  settings: Settings | null;
  options: ApplyOptions;
  setStatus: SetStatus;
}) => {
  const latest = useRef(opts);
  latest.current = opts;
  const [state, setState] = useState<BatchState>(idleBatch);
  const ref = useRef(state);
  const job = useRef<{ cancel: () => void } | null>(null);
  const dispatch = (a: BatchAction): void => {
    ref.current = reduceBatch(ref.current, a);
    setState(ref.current);
  };
  // The time-left estimate moves while an image is in progress.
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!isRunning(state)) return;
    const timer = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(timer);
  }, [state.phase]);

  /** Runs the batch over every selected image that has bytes; resolves when it ends (done or cancelled). */
  const runAsync = async (prompt: BatchPrompt): Promise<{ cancelled: boolean } | null> => {
    const { client, images, settings, options, setStatus } = latest.current;
    if (!client || isRunning(ref.current)) return null;
    const text = prompt.text?.trim();
    const items = images.filter((i): i is LoadedImage & { bytes: Uint8Array } => i.bytes !== undefined);
    if (!text && !prompt.reference) {
      setStatus({ text: 'Type what to cut out of every image, or mark a region on a reference image.', error: false });
      return null;
    }
    const asked = [text && `“${text}”`, prompt.reference && `the region marked on “${prompt.reference.name}”`].filter(Boolean).join(' and ');
    dispatch({ type: 'start', rows: items.map((i) => ({ nodeId: i.nodeId, nodeName: i.nodeName, imageHash: i.imageHash })), asked, now: performance.now() });
    setNow(performance.now());
    setStatus({ text: `Batch: cutting ${asked} out of ${items.length} images…`, error: false });
    const started = client.startBatch(
      {
        items: items.map((i) => ({ key: i.imageHash, bytes: i.bytes })),
        ...(text ? { text } : {}),
        ...(prompt.reference ? { reference: { imageKey: prompt.reference.imageKey, prompts: prompt.reference.prompts } } : {}),
        refine: settings?.refineEdges ?? true,
        tolerance: options.tolerance,
        thumbnailSide: THUMBNAIL_SIDE,
      },
      (index, outcome) => dispatch({ type: 'item', index, outcome, now: performance.now() }),
    );
    job.current = started;
    try {
      const end = await started.done;
      dispatch({ type: 'finish', cancelled: end.cancelled });
      const ok = ref.current.rows.filter((r) => r.outcome?.status === 'done').length;
      setStatus({ text: `Batch ${end.cancelled ? 'cancelled' : 'done'}: ${ok} of ${items.length} images cut out. Review, then Apply all.`, error: false });
      return end;
    } catch (e) {
      dispatch({ type: 'finish', cancelled: true });
      setStatus({ text: `Batch stopped: ${errorText(e)}`, error: true });
      return { cancelled: true };
    } finally {
      job.current = null;
    }
  };

  const cancel = (): void => {
    if (!job.current || !isRunning(ref.current)) return;
    dispatch({ type: 'cancelling' });
    job.current.cancel();
  };

  /** Writes every accepted result next to its own layer, in one undo step; true when something was written. */
  const applyAllAsync = async (): Promise<boolean> => {
    const { channel, options, setStatus } = latest.current;
    const rows = rowsToApply(ref.current);
    if (rows.length === 0) {
      setStatus({ text: 'Nothing to apply: accept at least one result.', error: true });
      return false;
    }
    const [r, g, b] = options.useFill ? fromHex(options.fill) : ACCENT;
    try {
      const done = await channel.request('apply-batch', {
        clip: options.clip,
        items: rows.map((row) => ({
          nodeId: row.nodeId,
          nodeName: row.nodeName,
          imageHash: row.imageHash,
          layers: [
            {
              category: row.outcome.category,
              score: row.outcome.score,
              color: { r, g, b, a: options.opacity },
              path: { windingRule: 'EVENODD', data: row.outcome.path },
            },
          ],
        })),
      });
      dispatch({ type: 'applied', written: done.written.map((w) => w.nodeId), refused: done.refused });
      const layers = done.written.reduce((n, w) => n + w.layerIds.length, 0);
      const refused = done.refused.map((x) => `“${x.nodeName}” (${x.reason})`).join('; ');
      setStatus({
        text: `Added ${layers} layer${layers === 1 ? '' : 's'} over ${done.written.length} image${done.written.length === 1 ? '' : 's'}.${refused ? ` Not written: ${refused}` : ''}`,
        error: done.refused.length > 0,
      });
      return done.written.length > 0;
    } catch (e) {
      setStatus({ text: `Apply all failed: ${errorText(e)}`, error: true });
      return false;
    }
  };

  return {
    state,
    now,
    runAsync,
    cancel,
    applyAllAsync,
    toggle: (index: number) => dispatch({ type: 'toggle', index }),
    clear: () => dispatch({ type: 'clear' }),
  };
};
