/**
 * The decode pump: decodes, one at a time, the prompted objects whose prompts changed since their last
 * decode. Latest wins in the worker; a decode cancelled by a newer request is asked for again on the next
 * pass. What each object's result answers is recorded on the object (session.ts `decoded`), so a new
 * session or image — where object ids start again — never mistakes an old decode for its own, and an
 * answer for an image the designer has left is dropped.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EngineClient } from '../engine/worker/client';
import { needsDecode, objectPrompt, promptKey, type Action, type CutObject } from '../state/session';
import { errorText, type SetStatus } from '../state/status-line';

export const useDecodePump = (opts: {
  client: EngineClient | null;
  /** The image being prompted, once it is encoded (null: nothing to decode yet). */
  imageKey: string | null;
  objects: readonly CutObject[];
  dispatch: (a: Action) => void;
  /** Each finished decode's time (feeds the hover preview's cost). */
  onDecoded: (ms: number) => void;
  setStatus: SetStatus;
}) => {
  const { client, imageKey, objects, dispatch } = opts;
  const current = useRef<string | null>(null);
  current.current = imageKey;
  const callbacks = useRef(opts);
  callbacks.current = opts;
  const [pass, setPass] = useState(0);

  useEffect(() => {
    if (!client || !imageKey) return;
    const next = objects.find(needsDecode);
    const prompt = next ? objectPrompt(next) : null;
    if (!next || !prompt) return;
    const key = promptKey(next);
    const t0 = performance.now();
    client.decodeAsync({ imageKey, objects: [prompt], nextRound: true }).then(
      (r) => {
        if (current.current !== imageKey) return;
        if (r.status === 'done' && r.results[0]) {
          callbacks.current.onDecoded(performance.now() - t0);
          dispatch({ type: 'result', id: next.id, result: r.results[0], forKey: key });
        }
        setPass((n) => n + 1);
      },
      (e: unknown) => {
        if (current.current !== imageKey) return;
        const message = errorText(e);
        dispatch({ type: 'decode-failed', id: next.id, forKey: key, message });
        callbacks.current.setStatus({ text: `Segmentation failed: ${message}`, error: true });
      },
    );
  }, [client, imageKey, objects, pass]);

  /** Another decode finished (the hover preview's): a cancelled pump decode is asked for again. */
  return { kick: () => setPass((n) => n + 1) };
};
