/**
 * Encodes the images being prompted (the target, and the reference if any) once per engine worker:
 * an image already encoded or being encoded is not asked for again (the effect re-runs whenever
 * another image finishes), a new worker starts with nothing encoded, and a failure offers Retry.
 * The worker may still drop an image later; the client then encodes it again (worker/client.ts).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EngineClient } from '../engine/worker/client';
import { errorText, type SetStatus } from '../state/status-line';
import type { LoadedImage } from './use-sandbox-selection';

export const useEncodings = (client: EngineClient | null, images: readonly (LoadedImage | undefined)[], setStatus: SetStatus) => {
  const [encoded, setEncoded] = useState<ReadonlySet<string>>(new Set());
  const inFlight = useRef(new Set<string>());
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setEncoded(new Set());
    inFlight.current = new Set();
  }, [client]);

  useEffect(() => {
    if (!client) return;
    const pending = inFlight.current;
    for (const img of images) {
      if (!img?.rgba || encoded.has(img.imageHash) || pending.has(img.imageHash)) continue;
      const key = img.imageHash;
      pending.add(key);
      setStatus({ text: `Encoding ${img.nodeName}…`, error: false });
      const t0 = performance.now();
      client.encodeAsync(key, img.rgba).then(
        () => {
          pending.delete(key);
          if (inFlight.current !== pending) return; // a newer worker: this one's answer no longer counts
          setEncoded((s) => new Set(s).add(key));
          setStatus({ text: `Ready — ${img.nodeName} encoded in ${Math.round(performance.now() - t0)} ms`, error: false });
        },
        (e: unknown) => {
          pending.delete(key);
          if (inFlight.current !== pending) return;
          setStatus({ text: `Encoding failed: ${errorText(e)}`, error: true, retry: () => setAttempt((n) => n + 1) });
        },
      );
    }
  }, [client, ...images.map((i) => i?.rgba), encoded, attempt]);

  return encoded;
};
