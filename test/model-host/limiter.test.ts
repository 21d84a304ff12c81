import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Limiter } from '../../model-host/server/limiter';

it('Limiter: runs `concurrency` at once, queues `queue` more, refuses the rest, then drains', async () => {
  const limiter = new Limiter(1, 2);
  const releases: (() => void)[] = [];
  const job = () => new Promise<number>((resolve) => releases.push(() => resolve(releases.length)));
  const a = limiter.tryRun(job);
  const b = limiter.tryRun(job);
  const c = limiter.tryRun(job);
  assert.ok(a && b && c);
  assert.equal(limiter.tryRun(job), null, 'full: refused at once');
  assert.deepEqual(limiter.load, { running: 1, waiting: 2 });
  releases[0]?.();
  await a;
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(limiter.load, { running: 1, waiting: 1 });
  releases[1]?.();
  await b;
  await new Promise((r) => setImmediate(r));
  releases[2]?.();
  await c;
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(limiter.load, { running: 0, waiting: 0 });
  assert.ok(
    limiter.tryRun(() => Promise.resolve(1)),
    'accepts again once drained',
  );
});
