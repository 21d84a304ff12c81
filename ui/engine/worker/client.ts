/**
 * The UI end of the engine-worker channel: typed requests with ids, replies
 * validated, worker crashes reject every pending request (nothing hangs).
 *
 * The worker's caches are bounded (pixels of the last few images, encoder outputs within a byte
 * budget), so the UI never assumes an image it once encoded is still there: when the worker answers
 * `missing`, the client encodes that image again from the pixels it was given and repeats the request.
 * It holds those pixels weakly: they are the UI's own copies, alive while the image is selected.
 */
import type { ImageGeometryMeta } from '../preprocess';
import {
  fromWorkerSchema,
  toWorkerSchema,
  type BatchItemOutcome,
  type DecodedResult,
  type FromWorker,
  type SegmentResult,
  type ToWorker,
} from '../../../contracts/worker';

type Pixels = { width: number; height: number; data: Uint8ClampedArray };
type Req<T extends ToWorker['type']> = Omit<Extract<ToWorker, { type: T }>, 'id' | 'type'>;
export type InitReply = Extract<FromWorker, { type: 'ready' }>;
export type DecodeReply = { status: 'done'; results: DecodedResult[] } | { status: 'cancelled' };

export interface WorkerLike {
  postMessage(msg: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export class EngineClient {
  private nextId = 1;
  private pending = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  private readonly images = new Map<string, WeakRef<Pixels>>();
  /** Running batches' listeners, by request id: `batch-item` messages are progress, not the reply. */
  private readonly batchListeners = new Map<number, (index: number, outcome: BatchItemOutcome) => void>();

  constructor(
    private readonly worker: WorkerLike,
    private readonly onProgress: (p: Extract<FromWorker, { type: 'progress' }>) => void = () => undefined,
  ) {
    worker.onmessage = (event) => {
      let msg: FromWorker;
      try {
        msg = fromWorkerSchema.parse(event.data);
      } catch (error) {
        this.failAll(new Error(`engine worker sent a malformed message: ${String(error)}`));
        return;
      }
      if (msg.type === 'progress') {
        this.onProgress(msg);
        return;
      }
      if (msg.type === 'batch-item') {
        this.batchListeners.get(msg.id)?.(msg.index, msg.outcome);
        return;
      }
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.type === 'error') waiter.reject(new Error(msg.message));
      else waiter.resolve(msg);
    };
    worker.onerror = (event) => this.failAll(new Error(`the engine worker crashed: ${event.message || 'unknown error'}`));
  }

  private failAll(error: Error): void {
    for (const w of this.pending.values()) w.reject(error);
    this.pending.clear();
  }

  private request<T extends ToWorker['type']>(type: T, body: Req<T>, transfer: Transferable[] = [], id = this.nextId++): Promise<FromWorker> {
    const msg = { ...body, type, id } as unknown as ToWorker;
    toWorkerSchema.parse(msg);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(msg, transfer);
    });
  }

  /** A request on encoded images: an image the worker has dropped is encoded again, then the request repeated. */
  private async onImagesAsync<T extends 'decode' | 'everything' | 'vectorize' | 'batch'>(type: T, body: Req<T>, id?: number): Promise<FromWorker> {
    const reencoded = new Set<string>();
    for (;;) {
      // A fixed id (a batch's, which its progress and cancel name) is reused: `missing` comes before any progress.
      const reply = await this.request(type, body, [], id);
      if (reply.type !== 'missing') return reply;
      // Each image at most once per request: a worker that drops it again at once cannot hold it at all.
      if (reencoded.has(reply.imageKey))
        throw new Error(`image "${reply.imageKey}" does not stay in the engine worker's cache (too large for its memory budget?)`);
      const pixels = this.images.get(reply.imageKey)?.deref();
      if (!pixels) throw new Error(`image "${reply.imageKey}" is no longer available to encode again: select it again`);
      reencoded.add(reply.imageKey);
      await this.sendEncodeAsync(reply.imageKey, pixels);
    }
  }

  private async sendEncodeAsync(imageKey: string, image: Pixels): Promise<ImageGeometryMeta> {
    // A copy is transferred: the caller keeps its pixels for drawing.
    const data = image.data.slice();
    return EngineClient.expect(await this.request('encode', { imageKey, width: image.width, height: image.height, data }, [data.buffer]), 'encoded').meta;
  }

  private static expect<T extends FromWorker['type']>(msg: FromWorker, type: T): Extract<FromWorker, { type: T }> {
    if (msg.type !== type) throw new Error(`engine worker answered "${msg.type}" where "${type}" was expected`);
    return msg as Extract<FromWorker, { type: T }>;
  }

  /** An inlined `wasmBinary` is transferred (the caller's copy is emptied): 28 MB need not be cloned. */
  async initAsync(body: Req<'init'>): Promise<InitReply> {
    return EngineClient.expect(await this.request('init', body, body.wasmBinary ? [body.wasmBinary.buffer] : []), 'ready');
  }

  /** Encodes an image; the client remembers its pixels (weakly) to encode it again if the worker drops it. */
  async encodeAsync(imageKey: string, image: Pixels): Promise<ImageGeometryMeta> {
    this.images.set(imageKey, new WeakRef(image));
    for (const [key, ref] of this.images) if (!ref.deref()) this.images.delete(key);
    return this.sendEncodeAsync(imageKey, image);
  }

  async decodeAsync(body: Req<'decode'>): Promise<DecodeReply> {
    const msg = await this.onImagesAsync('decode', body);
    if (msg.type === 'cancelled') return { status: 'cancelled' };
    return { status: 'done', results: EngineClient.expect(msg, 'decoded').results };
  }

  /** Thresholds left out are the model's own. */
  async everythingAsync(imageKey: string, thresholds: { objectThreshold?: number; overlapThreshold?: number } = {}): Promise<SegmentResult[]> {
    return EngineClient.expect(await this.onImagesAsync('everything', { imageKey, ...thresholds }), 'segments').segments;
  }

  async vectorizeAsync(body: Req<'vectorize'>): Promise<{ data: string; commands: number }> {
    const r = EngineClient.expect(await this.onImagesAsync('vectorize', body), 'vectorized');
    return { data: r.data, commands: r.commands };
  }

  /**
   * Runs a batch in the worker (one prompt over many images' bytes): `onItem` hears each image as it is done;
   * `cancel()` stops it between two steps, and `done` then resolves with `cancelled: true` (what was reported stays).
   */
  startBatch(body: Req<'batch'>, onItem: (index: number, outcome: BatchItemOutcome) => void): { done: Promise<{ cancelled: boolean }>; cancel: () => void } {
    const id = this.nextId++;
    this.batchListeners.set(id, onItem);
    const done = this.onImagesAsync('batch', body, id)
      .then((msg) => ({ cancelled: EngineClient.expect(msg, 'batch-done').cancelled }))
      .finally(() => this.batchListeners.delete(id));
    return { done, cancel: () => this.worker.postMessage(toWorkerSchema.parse({ type: 'batch-cancel', id })) };
  }

  terminate(): void {
    this.failAll(new Error('the engine worker was stopped'));
    this.worker.terminate();
  }
}
