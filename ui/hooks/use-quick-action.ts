/**
 * Quick action (Figma's command bar → "Cut out" <text>): once the first image is encoded, segment the
 * text, apply it, and close the plugin. With several images selected it runs as a batch (every image,
 * written in one undo step) once they are all read. A failure says so instead of leaving the progress UI waiting.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { EngineClient } from '../engine/worker/client';
import type { DecodedResult } from '../../contracts/worker';
import { errorText, type SetStatus } from '../state/status-line';

export const useQuickAction = (opts: {
  text: string | null;
  done: () => void;
  client: EngineClient | null;
  /** The encoded image to cut from (null until it is ready). */
  imageKey: string | null;
  /** Applies one result as a layer; true when it was added. */
  applyAsync: (name: string, result: DecodedResult) => Promise<boolean>;
  /** Several images selected: `ready` once all are read; `runAsync` cuts the text out of all and applies; true when written. */
  batch: { ready: boolean; runAsync: (text: string) => Promise<boolean> } | null;
  close: () => void;
  setStatus: SetStatus;
}) => {
  const latest = useRef(opts);
  latest.current = opts;
  const { text, client, imageKey } = opts;
  const batch = opts.batch === null ? 'none' : opts.batch.ready ? 'ready' : 'reading';
  useEffect(() => {
    if (!text || !client || batch === 'reading') return;
    const o = latest.current;
    if (o.batch) {
      o.done();
      o.batch
        .runAsync(text)
        .then((written) => written && latest.current.close())
        .catch((e: unknown) => latest.current.setStatus({ text: `Cut out failed: ${errorText(e)}`, error: true }));
      return;
    }
    if (!imageKey) return;
    o.done();
    o.setStatus({ text: `Cutting out “${text}”…`, error: false });
    client
      .decodeAsync({ imageKey, objects: [{ text }] })
      .then(async (r) => {
        // Never a silent stop: the quick action's progress UI would wait forever.
        if (r.status !== 'done') throw new Error('the decode was superseded by another request');
        if (!r.results[0]) throw new Error(`nothing found for “${text}”`);
        if (await latest.current.applyAsync(text, r.results[0])) latest.current.close();
      })
      .catch((e: unknown) => latest.current.setStatus({ text: `Cut out failed: ${errorText(e)}`, error: true }));
  }, [text, client, imageKey, batch]);
};
