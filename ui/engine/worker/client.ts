/**
 * The UI end of the engine-worker channel: typed requests with ids, replies
 * validated, worker crashes reject every pending request (nothing hangs).
 */
import type { ImageGeometryMeta } from '../preprocess';
import { fromWorkerSchema, toWorkerSchema, type DecodedResult, type FromWorker, type SegmentResult, type ToWorker } from './protocol';

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

  private request<T extends ToWorker['type']>(type: T, body: Req<T>, transfer: Transferable[] = []): Promise<FromWorker> {
    const id = this.nextId++;
    const msg = { ...body, type, id } as unknown as ToWorker;
    toWorkerSchema.parse(msg);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(msg, transfer);
    });
  }

  private static expect<T extends FromWorker['type']>(msg: FromWorker, type: T): Extract<FromWorker, { type: T }> {
    if (msg.type !== type) throw new Error(`engine worker answered "${msg.type}" where "${type}" was expected`);
    return msg as Extract<FromWorker, { type: T }>;
  }

  /** An inlined `wasmBinary` is transferred (the caller's copy is emptied): 28 MB need not be cloned. */
  async initAsync(body: Req<'init'>): Promise<InitReply> {
    return EngineClient.expect(await this.request('init', body, body.wasmBinary ? [body.wasmBinary.buffer] : []), 'ready');
  }

  async encodeAsync(imageKey: string, image: { width: number; height: number; data: Uint8ClampedArray }): Promise<ImageGeometryMeta> {
    // A copy is transferred: the caller keeps its pixels for drawing.
    const data = image.data.slice();
    return EngineClient.expect(await this.request('encode', { imageKey, width: image.width, height: image.height, data }, [data.buffer]), 'encoded').meta;
  }

  async decodeAsync(body: Req<'decode'>): Promise<DecodeReply> {
    const msg = await this.request('decode', body);
    if (msg.type === 'cancelled') return { status: 'cancelled' };
    return { status: 'done', results: EngineClient.expect(msg, 'decoded').results };
  }

  /** Thresholds left out are the model's own. */
  async everythingAsync(imageKey: string, thresholds: { objectThreshold?: number; overlapThreshold?: number } = {}): Promise<SegmentResult[]> {
    return EngineClient.expect(await this.request('everything', { imageKey, ...thresholds }), 'segments').segments;
  }

  async vectorizeAsync(body: Req<'vectorize'>): Promise<{ data: string; commands: number }> {
    const r = EngineClient.expect(await this.request('vectorize', body), 'vectorized');
    return { data: r.data, commands: r.commands };
  }

  terminate(): void {
    this.failAll(new Error('the engine worker was stopped'));
    this.worker.terminate();
  }
}
