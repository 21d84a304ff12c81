/** The UI end of a batch against a scripted worker: progress per image, cancel by the batch's id, a dropped reference encoded again. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineClient, type WorkerLike } from '../../ui/engine/worker/client';
import { fromWorkerSchema, toWorkerSchema, type BatchItemOutcome, type FromWorker, type ToWorker } from '../../contracts/worker';

const meta = { imageWidth: 2, imageHeight: 2, resizedWidth: 2, resizedHeight: 2, paddedWidth: 2, paddedHeight: 2 };
const done: BatchItemOutcome = {
  status: 'done',
  category: 'red',
  score: 0.9,
  path: 'M 0 0 L 1 0 L 1 1 Z',
  thumbnail: { width: 1, height: 1, data: new Uint8ClampedArray(4) },
  encodeMs: 1,
  decodeMs: 1,
};

/** Reports one item per macrotask until cancelled; answers `missing` once for a reference it does not hold. */
class BatchWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<unknown>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly log: string[] = [];
  private encoded = new Set<string>();
  private cancelled = new Set<number>();

  private reply(m: FromWorker): void {
    fromWorkerSchema.parse(m);
    this.onmessage?.({ data: m } as MessageEvent<unknown>);
  }

  postMessage(raw: unknown): void {
    const msg: ToWorker = toWorkerSchema.parse(raw);
    this.log.push(`${msg.type} ${msg.id}`);
    if (msg.type === 'encode') {
      this.encoded.add(msg.imageKey);
      queueMicrotask(() => this.reply({ type: 'encoded', id: msg.id, meta }));
    } else if (msg.type === 'batch-cancel') {
      this.cancelled.add(msg.id);
    } else if (msg.type === 'batch') {
      if (msg.reference && !this.encoded.has(msg.reference.imageKey)) {
        queueMicrotask(() => this.reply({ type: 'missing', id: msg.id, imageKey: msg.reference?.imageKey ?? '' }));
        return;
      }
      const step = (index: number): void => {
        if (this.cancelled.has(msg.id) || index === msg.items.length) {
          this.reply({ type: 'batch-done', id: msg.id, cancelled: index < msg.items.length });
          return;
        }
        this.reply({ type: 'batch-item', id: msg.id, index, outcome: index === 1 ? { status: 'failed', stage: 'load', reason: 'corrupt' } : done });
        setTimeout(() => step(index + 1), 5);
      };
      setTimeout(() => step(0), 5);
    }
  }

  terminate(): void {}
}

const batch = (n: number, reference?: string) => ({
  items: Array.from({ length: n }, (_, i) => ({ key: `k${i}`, bytes: new Uint8Array([i]) })),
  text: 'red',
  ...(reference ? { reference: { imageKey: reference, prompts: [{ kind: 'click' as const, x: 1, y: 1, positive: true }] } } : {}),
  refine: false,
  tolerance: 1,
  thumbnailSide: 8,
});

describe('engine client: batch', () => {
  it('hears every image as it is done, in order, then the end', async () => {
    const client = new EngineClient(new BatchWorker());
    const seen: string[] = [];
    const job = client.startBatch(batch(3), (i, o) => seen.push(`${i}:${o.status}`));
    assert.deepEqual(await job.done, { cancelled: false });
    assert.deepEqual(seen, ['0:done', '1:failed', '2:done']);
  });

  it('cancel names the batch by its id; what was done stays reported', async () => {
    const worker = new BatchWorker();
    const client = new EngineClient(worker);
    const seen: number[] = [];
    const job = client.startBatch(batch(10), (i) => {
      seen.push(i);
      if (i === 1) job.cancel();
    });
    assert.deepEqual(await job.done, { cancelled: true });
    assert.ok(seen.length >= 2 && seen.length < 10, `${seen.length} reported`);
    const id = worker.log.find((l) => l.startsWith('batch '))?.split(' ')[1];
    assert.ok(worker.log.includes(`batch-cancel ${id}`));
  });

  it('a reference the worker dropped is encoded again from the UI pixels, then the batch runs under the same id', async () => {
    const worker = new BatchWorker();
    const client = new EngineClient(worker);
    const pixels = { width: 2, height: 2, data: new Uint8ClampedArray(16) };
    await client.encodeAsync('ref', pixels);
    (worker as unknown as { encoded: Set<string> }).encoded.clear();
    worker.log.length = 0;
    const seen: number[] = [];
    assert.deepEqual(await client.startBatch(batch(2, 'ref'), (i) => seen.push(i)).done, { cancelled: false });
    assert.deepEqual(seen, [0, 1]);
    assert.deepEqual(
      worker.log.map((l) => l.split(' ')[0]),
      ['batch', 'encode', 'batch'],
    );
  });

  it('batch messages are validated like the others: an extra field or a bad stage is refused', () => {
    assert.throws(() => toWorkerSchema.parse({ type: 'batch-cancel', id: 1, now: true }), /unexpected field "now"/);
    assert.throws(() => fromWorkerSchema.parse({ type: 'batch-item', id: 1, index: 0, outcome: { status: 'failed', stage: 'paint', reason: 'x' } }), /stage/);
  });
});
