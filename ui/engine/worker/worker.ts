/**
 * The engine worker: onnxruntime-web and the SEEM engine off the UI thread.
 * onnxruntime's wasm comes inlined from ui.html (`wasmBinary`) or from the model host
 * (`wasmUrl`), passed as bytes with one thread and no proxy worker, so onnxruntime
 * itself fetches nothing: this works in Figma's opaque-origin iframe, where there is
 * no cross-origin isolation. The bundle comes from the model host or a static folder
 * (`bundleUrl`, e.g. the Hugging Face Hub).
 */
import * as ort from 'onnxruntime-web';
import { chooseBackendAsync, type GpuLike } from '../backend';
import { sha256Async } from '../bundle/load-bundle';
import { httpBundleSource } from '../bundle/host-source';
import { urlBundleSource } from '../bundle/url-source';
import type { SeemEngine } from '../engine';
import { InFlight } from '../in-flight';
import { loadEngineAsync } from '../load-engine';
import type { ImageGeometryMeta } from '../preprocess';
import { remoteEncodeAsync } from '../remote-encoder';
import type { RgbaImage } from '../../image/rgba-image';
import { vectorizeMask } from '../../vector/vectorize-mask';
import { fromWorkerSchema, toWorkerSchema, type FromWorker, type ToWorker } from '../../../contracts/worker';
import { runBatchJobAsync } from './batch-job';

declare const self: DedicatedWorkerGlobalScope;

let engine: SeemEngine | null = null;
let remote: { host: string; bundleId: string } | null = null;
/** Full-resolution pixels of each encoded image, for edge refinement (the most recent few). */
const pixels = new Map<string, RgbaImage>();
const MAX_IMAGES = 4;
/** Remote encodes in flight, by image key. */
const remoteEncoding = new InFlight<ImageGeometryMeta>();
/** Running batches by request id, for `batch-cancel`. */
const batches = new Map<number, AbortController>();

const post = (msg: FromWorker, transfer: Transferable[] = []): void => {
  // Validate our own replies too: a contract bug shows up here, not as a confusing UI error.
  fromWorkerSchema.parse(msg);
  self.postMessage(msg, transfer);
};

const needEngine = (): SeemEngine => {
  if (!engine) throw new Error('the engine is not initialised yet');
  return engine;
};

const fetchWasmAsync = async (url: string | undefined, sha256: string | undefined): Promise<Uint8Array> => {
  if (url === undefined) throw new Error('onnxruntime wasm: this ui.html has none inlined and no wasmUrl was given');
  let res: Response;
  try {
    res = await fetch(url);
  } catch (error) {
    throw new Error(`onnxruntime wasm not reachable at ${url} (${String(error)})`);
  }
  if (!res.ok) throw new Error(`onnxruntime wasm not available at ${url} (HTTP ${res.status})`);
  const wasm = new Uint8Array(await res.arrayBuffer());
  if (sha256 !== undefined) {
    const digest = await sha256Async(wasm);
    if (digest !== sha256) {
      throw new Error(
        `onnxruntime wasm at ${url}: sha256 ${digest}, this plugin was built with ${sha256} — publish the wasm of the plugin's onnxruntime-web version there (docs/model-bundle.md)`,
      );
    }
  }
  return wasm;
};

/** The first image a request needs that the worker no longer holds (then the UI re-encodes it), or null. */
const missingImage = (msg: ToWorker): string | null => {
  const e = needEngine();
  switch (msg.type) {
    case 'decode':
      return [msg.imageKey, ...msg.objects.flatMap((o) => (o.reference ? [o.reference.imageKey] : []))].find((k) => !e.isEncoded(k)) ?? null;
    case 'everything':
      return e.isEncoded(msg.imageKey) ? null : msg.imageKey;
    case 'vectorize':
      return pixels.has(msg.imageKey) ? null : msg.imageKey;
    case 'batch':
      return msg.reference && !e.isEncoded(msg.reference.imageKey) ? msg.reference.imageKey : null;
    default:
      return null;
  }
};

/** Encodes here, or on the model host when the remote encoder was chosen (the decoders stay here). */
const encodeAsync = async (imageKey: string, image: RgbaImage) => {
  const e = needEngine();
  if (remote && !e.isEncoded(imageKey)) {
    const host = remote;
    // Two requests for one image while the host encodes it: one request to the host (the engine does the same locally).
    return remoteEncoding.run(imageKey, async () => {
      const input = e.prepareImage(image);
      const tensors = await remoteEncodeAsync(host.host, host.bundleId, input);
      e.storeEncoded(imageKey, input.meta, Object.fromEntries(tensors.map((t) => [t.name, new ort.Tensor('float32', t.data, t.dims)])));
      return input.meta;
    });
  }
  return e.encodeImageAsync(imageKey, image);
};

const handleAsync = async (msg: ToWorker): Promise<void> => {
  const missing = msg.type === 'init' || msg.type === 'encode' || msg.type === 'batch-cancel' ? null : missingImage(msg);
  if (missing !== null) {
    post({ type: 'missing', id: msg.id, imageKey: missing });
    return;
  }
  switch (msg.type) {
    case 'init': {
      if (msg.encoder === 'remote' && msg.bundleUrl !== undefined) {
        throw new Error('the remote encoder runs on the model host: choose the model host as model source, or another backend, in Settings');
      }
      ort.env.wasm.wasmBinary = msg.wasmBinary ?? (await fetchWasmAsync(msg.wasmUrl, msg.wasmSha256));
      ort.env.wasm.numThreads = 1;
      ort.env.wasm.proxy = false;
      const nav = self.navigator as Navigator & { gpu?: GpuLike };
      const choice = await chooseBackendAsync(
        { gpu: nav.gpu, isSecureContext: self.isSecureContext, allowFallbackAdapter: msg.allowFallbackAdapter },
        msg.backend,
      );
      const source = msg.bundleUrl === undefined ? httpBundleSource(msg.host, msg.modelId) : urlBundleSource(msg.bundleUrl);
      const loaded = await loadEngineAsync(
        ort,
        source,
        choice,
        'wasm',
        (p) => post({ type: 'progress', id: msg.id, stage: p.stage, file: p.file, loaded: p.loaded, total: p.total, cached: p.cached }),
        msg.encoder,
        msg.precision,
      );
      engine = loaded.engine;
      remote = msg.encoder === 'remote' ? { host: msg.host, bundleId: msg.modelId } : null;
      const m = engine.bundle.manifest.model;
      post({
        type: 'ready',
        id: msg.id,
        backend: loaded.backend,
        precision: engine.bundle.precision,
        reason: loaded.reason,
        encoder: msg.encoder,
        model: { id: m.id, name: m.name, demo: m.demo, variant: m.variant },
        categories: [...engine.categories],
      });
      return;
    }
    case 'encode': {
      const image = { width: msg.width, height: msg.height, data: msg.data };
      pixels.delete(msg.imageKey);
      pixels.set(msg.imageKey, image);
      for (const key of pixels.keys()) if (pixels.size > MAX_IMAGES) pixels.delete(key);
      post({ type: 'encoded', id: msg.id, meta: await encodeAsync(msg.imageKey, image) });
      return;
    }
    case 'batch': {
      const stop = new AbortController();
      batches.set(msg.id, stop);
      try {
        const cancelled = await runBatchJobAsync(needEngine(), msg, {
          signal: stop.signal,
          encodeAsync,
          overlap: remote !== null,
          report: (index, outcome) =>
            post({ type: 'batch-item', id: msg.id, index, outcome }, outcome.status === 'done' ? [outcome.thumbnail.data.buffer] : []),
        });
        post({ type: 'batch-done', id: msg.id, cancelled });
      } finally {
        batches.delete(msg.id);
      }
      return;
    }
    case 'batch-cancel':
      // A batch already finished has nothing to stop: its batch-done was sent.
      batches.get(msg.id)?.abort();
      return;
    case 'decode': {
      const r = await needEngine().decodeAsync(msg.imageKey, msg.objects, { nextRound: msg.nextRound });
      if (r.status === 'cancelled') post({ type: 'cancelled', id: msg.id });
      else
        post(
          { type: 'decoded', id: msg.id, results: r.value },
          r.value.map((x) => x.mask.data.buffer),
        );
      return;
    }
    case 'everything': {
      const segments = await needEngine().segmentEverythingAsync(msg.imageKey, {
        objectThreshold: msg.objectThreshold,
        overlapThreshold: msg.overlapThreshold,
      });
      post(
        { type: 'segments', id: msg.id, segments },
        segments.map((s) => s.mask.data.buffer),
      );
      return;
    }
    case 'vectorize': {
      const image = pixels.get(msg.imageKey);
      if (!image) throw new Error(`image "${msg.imageKey}" is not loaded in the worker`); // missingImage checked it
      post({ type: 'vectorized', id: msg.id, ...vectorizeMask(msg.mask, image, { refine: msg.refine, tolerance: msg.tolerance }) });
      return;
    }
  }
};

self.onmessage = (event: MessageEvent<unknown>) => {
  let msg: ToWorker;
  try {
    msg = toWorkerSchema.parse(event.data);
  } catch (error) {
    const id =
      typeof event.data === 'object' && event.data !== null && typeof (event.data as { id?: unknown }).id === 'number' ? (event.data as { id: number }).id : -1;
    post({ type: 'error', id, message: `malformed request to the engine worker: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  handleAsync(msg).catch((error: unknown) => post({ type: 'error', id: msg.id, message: error instanceof Error ? error.message : String(error) }));
};
