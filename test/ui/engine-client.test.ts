/** The UI end of the worker channel against a scripted worker: an image the worker has dropped is encoded again. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineClient, type WorkerLike } from '../../ui/engine/worker/client';
import type { FromWorker, ToWorker } from '../../contracts/worker';

const meta = { imageWidth: 2, imageHeight: 2, resizedWidth: 2, resizedHeight: 2, paddedWidth: 2, paddedHeight: 2 };

/** A worker that holds at most `capacity` encoded images (oldest out) and answers `missing` for the others. */
class ScriptedWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<unknown>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly held: string[] = [];
  readonly log: string[] = [];

  constructor(private readonly capacity: number) {}

  postMessage(raw: unknown): void {
    const msg = raw as ToWorker;
    this.log.push(`${msg.type}${'imageKey' in msg ? ` ${msg.imageKey}` : ''}`);
    const reply = (m: FromWorker) => queueMicrotask(() => this.onmessage?.({ data: m } as MessageEvent<unknown>));
    if (msg.type === 'encode') {
      if (!this.held.includes(msg.imageKey)) this.held.push(msg.imageKey);
      while (this.held.length > this.capacity) this.held.shift();
      reply({ type: 'encoded', id: msg.id, meta });
    } else if (msg.type === 'vectorize') {
      reply(
        this.held.includes(msg.imageKey)
          ? { type: 'vectorized', id: msg.id, data: 'M0 0Z', commands: 2 }
          : { type: 'missing', id: msg.id, imageKey: msg.imageKey },
      );
    }
  }

  terminate(): void {}
}

const pixels = () => ({ width: 2, height: 2, data: new Uint8ClampedArray(16) });
const vectorize = (imageKey: string) => ({ imageKey, mask: { width: 1, height: 1, data: new Float32Array(1) }, refine: false, tolerance: 1 });

describe('engine client', () => {
  it('encodes an image the worker dropped again, then repeats the request', async () => {
    const worker = new ScriptedWorker(1);
    const client = new EngineClient(worker);
    const a = pixels();
    const b = pixels();
    await client.encodeAsync('a', a);
    await client.encodeAsync('b', b); // the worker drops "a"
    worker.log.length = 0;
    assert.deepEqual(await client.vectorizeAsync(vectorize('a')), { data: 'M0 0Z', commands: 2 });
    assert.deepEqual(worker.log, ['vectorize a', 'encode a', 'vectorize a']);
  });

  it('an image the worker cannot keep is an error naming it, not a loop', async () => {
    const worker = new ScriptedWorker(0);
    const client = new EngineClient(worker);
    const a = pixels();
    await client.encodeAsync('a', a);
    await assert.rejects(client.vectorizeAsync(vectorize('a')), /image "a" does not stay in the engine worker's cache/);
  });

  it('an image never given to this client is an error that says to select it again', async () => {
    const client = new EngineClient(new ScriptedWorker(1));
    await assert.rejects(client.vectorizeAsync(vectorize('z')), /image "z" is no longer available to encode again: select it again/);
  });
});
