/**
 * Two encode requests for one image while the first is in flight share one encoder run (the engine's in-flight
 * map, which the worker's `encode` goes through); a failed run fails both and the next request runs again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InFlight } from '../../ui/engine/in-flight';
import { countingEngineAsync } from '../helpers/counting-engine';
import { colourScene } from '../helpers/scene';

/** The demo engine, counting the image encoder's runs. */
const countingEncoderAsync = async () => {
  const { engine, runs } = await countingEngineAsync((b) => b.encoder);
  return { engine, encoderRuns: runs };
};

describe('encode de-duplication', () => {
  it('two encodes of one image at once: one encoder run, the same geometry for both', async () => {
    const { engine, encoderRuns } = await countingEncoderAsync();
    const { image } = colourScene();
    const [a, b] = await Promise.all([engine.encodeImageAsync('scene', image), engine.encodeImageAsync('scene', image)]);
    assert.equal(encoderRuns(), 1);
    assert.deepEqual(a, b);
    assert.ok(engine.isEncoded('scene'));
    // Another image is its own run; the first, now cached, none.
    await Promise.all([engine.encodeImageAsync('other', image), engine.encodeImageAsync('scene', image)]);
    assert.equal(encoderRuns(), 2);
  });

  it('a failed run fails every request that shared it, and the next request runs again', async () => {
    const runs = new InFlight<number>();
    let started = 0;
    const failing = () => {
      started++;
      return Promise.reject(new Error('encoder failed'));
    };
    const both = await Promise.allSettled([runs.run('k', failing), runs.run('k', failing)]);
    assert.deepEqual(
      both.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.equal(started, 1);
    assert.equal(runs.has('k'), false);
    assert.equal(await runs.run('k', () => Promise.resolve(7)), 7);
    assert.equal(started, 1);
  });
});
