/**
 * The one module that owns onnxruntime: session creation (with a timeout — a
 * mis-served wasm worker can hang it forever without an error) and runs, which are
 * serialised through one promise chain (onnxruntime-web rejects concurrent runs on
 * a session with "Session already started", and one at a time keeps memory bounded).
 */
import type { Feeds, InferenceSession, OrtModule, Outputs } from './ort-types';

export type Backend = 'webgpu' | 'wasm' | 'cpu';

export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

export interface RuntimeOptions {
  ort: OrtModule;
  backend: Backend;
  /** Session creation limit. Default 60 s. */
  sessionTimeoutMs?: number;
  /** Intra-op threads (onnxruntime-node; benches pin 1 to compare with single-threaded wasm). */
  threads?: number;
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RuntimeError(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });

export class OrtRuntime {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RuntimeOptions) {}

  get backend(): Backend {
    return this.options.backend;
  }

  get ort(): OrtModule {
    return this.options.ort;
  }

  createSessionAsync(name: string, model: Uint8Array): Promise<InferenceSession> {
    const ep = this.options.backend;
    return withTimeout(
      this.options.ort.InferenceSession.create(model, {
        executionProviders: [ep],
        graphOptimizationLevel: 'all',
        ...(this.options.threads ? { intraOpNumThreads: this.options.threads, interOpNumThreads: 1 } : {}),
      }),
      this.options.sessionTimeoutMs ?? 60_000,
      `loading ${name} on ${ep}`,
    ).catch((error: unknown) => {
      throw new RuntimeError(`could not load ${name} on ${ep}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** Runs after every run queued before it; a failed run does not block the ones after. */
  runAsync(session: InferenceSession, feeds: Feeds): Promise<Outputs> {
    const run = this.chain.then(() => session.run(feeds) as Promise<Outputs>);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
