/**
 * Batch with `overlap` (the remote encoder: the model host encodes the next image while this thread decodes the
 * current one): the next encode starts before the current decode ends, results stay right, at most two images'
 * encodings are held, and an abort forgets the image already under way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runBatchAsync, type BatchItem } from '../../ui/engine/batch';
import type { RgbaImage } from '../../ui/image/rgba-image';
import { maskIou, nodeEngineAsync, toImageMask } from '../helpers/node-engine';
import { colourScene } from '../helpers/scene';

const scenes = [colourScene(320, 256), colourScene(256, 320), colourScene(300, 200), colourScene(384, 256), colourScene(256, 256), colourScene(200, 300)];
const items = (): BatchItem[] => scenes.map((s, i) => ({ key: `img${i}`, loadAsync: () => Promise.resolve(s.image) }));

describe('batch overlap (remote encoder)', () => {
  it('encodes the next image while decoding this one; right answers; at most two encodings held; each outcome gets its own pixels', async () => {
    const engine = await nodeEngineAsync();
    const log: string[] = [];
    let held = 0;
    const keys = scenes.map((_, i) => `img${i}`);
    const encodeAsync = async (key: string, image: RgbaImage) => {
      log.push(`encode ${key}`);
      await new Promise((r) => setTimeout(r, 30)); // the host's round trip
      const meta = await engine.encodeImageAsync(key, image);
      held = Math.max(held, keys.filter((k) => engine.isEncoded(k)).length);
      return meta;
    };
    const out = await runBatchAsync(
      engine,
      items(),
      { text: 'red' },
      {
        overlap: true,
        encodeAsync,
        onOutcome: (o, i, image) => {
          log.push(`done ${o.key}`);
          assert.equal(image, scenes[i]?.image, 'the outcome carries its own image, not the one being prepared');
        },
      },
    );
    assert.equal(out.length, 6);
    for (const [i, o] of out.entries()) {
      const s = scenes[i];
      assert.ok(s && o.status === 'done');
      const score = maskIou(toImageMask(o.result.mask, s.image.width, s.image.height), s.truth.disc);
      assert.ok(score >= 0.95, `${o.key}: IoU ${score}`);
    }
    assert.ok(log.indexOf('encode img1') < log.indexOf('done img0'), `img1 is encoded while img0 decodes: ${log.join(', ')}`);
    assert.ok(held <= 2, `${held} encodings held at once`);
    assert.equal(engine.cachedBytes, 0);
  });

  it('an abort with the next image under way forgets it too', async () => {
    const engine = await nodeEngineAsync();
    const stop = new AbortController();
    const out = await runBatchAsync(engine, items(), { text: 'red' }, { overlap: true, signal: stop.signal, onOutcome: (_o, i) => i === 1 && stop.abort() });
    assert.deepEqual(
      out.map((o) => o.key),
      ['img0', 'img1'],
    );
    assert.equal(engine.cachedBytes, 0, 'img2, prepared while img1 decoded, is not kept');
  });
});
