/**
 * Starts the engine worker for the current settings and reports its state: the
 * model download (bytes / total, cache hits show as instant), readiness with the
 * backend and why, or an error that says what to do next.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../contracts/sandbox';
import { initRequest } from '../engine/init-request';
import { readInlinedRuntimeAsync } from '../engine/inlined-runtime';
import { EngineClient, type InitReply } from '../engine/worker/client';
import { startEngineWorker } from '../engine/worker/start-worker';

export type EngineState =
  | { status: 'idle' }
  | { status: 'loading'; stage: string; file: string; loaded: number; total: number; cached: boolean }
  | { status: 'ready'; client: EngineClient; info: InitReply }
  /** `retry` starts the engine again with the same settings (after the model host comes back). */
  | { status: 'error'; message: string; retry: () => void };

/** Turns low-level failures into a message with the next step. */
export const explainEngineError = (message: string, host: string): string => {
  if (/not reachable|Failed to fetch|NetworkError|ECONNREFUSED/i.test(message)) {
    return `Model host not reachable at ${host} — start it with \`npm start\` (or \`npx seem-host serve\`), or fix the URL in Settings.`;
  }
  if (/unknown model/i.test(message)) return `${message} — pick an installed model in Settings (\`seem-host list\` shows them).`;
  return message;
};

export const useEngine = (settings: Settings | null, startWorker: () => Worker = startEngineWorker): EngineState => {
  const [state, setState] = useState<EngineState>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const retry = (): void => setAttempt((n) => n + 1);
  useEffect(() => {
    if (!settings) return undefined;
    const host = settings.modelHostUrl.replace(/\/+$/, '');
    let client: EngineClient | null = null;
    let live = true;
    try {
      client = new EngineClient(
        startWorker(),
        (p) => live && setState({ status: 'loading', stage: p.stage, file: p.file, loaded: p.loaded, total: p.total, cached: p.cached }),
      );
    } catch (error) {
      setState({ status: 'error', message: `The engine could not start: ${String(error)}`, retry });
      return undefined;
    }
    setState({ status: 'loading', stage: 'download', file: 'seem.json', loaded: 0, total: 0, cached: false });
    const started = client;
    readInlinedRuntimeAsync()
      .then((runtime) => started.initAsync(initRequest(settings, runtime)))
      .then(
        (info) => live && setState({ status: 'ready', client: started, info }),
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          // A static-folder source explains its own failures; the host hints are about the host.
          if (live) setState({ status: 'error', message: settings.modelSource ? message : explainEngineError(message, host), retry });
        },
      );
    return () => {
      live = false;
      client?.terminate();
    };
  }, [settings?.modelHostUrl, settings?.backend, settings?.bundleId, settings?.modelSource, attempt]);
  return state;
};
