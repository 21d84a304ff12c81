/**
 * Batch cutouts through the engine (demo colour bundle, onnxruntime-node): the same text or reference region
 * applied to many images, each answered with the right region, a broken image reported without stopping the
 * batch, an abort keeping what was done, and memory held to the image being worked on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runBatchAsync, type BatchItem, type BatchOutcome } from '../../ui/engine/batch';
import { maskIou, toImageMask } from '../helpers/masks';
import { nodeEngineAsync } from '../helpers/node-engine';
import { colourScene } from '../helpers/scene';

const SIZES: [number, number][] = [
  [320, 256],
  [256, 320],
  [300, 200],
  [200, 300],
  [384, 256],
  [256, 256],
];
const scenes = SIZES.map(([w, h]) => colourScene(w, h));
const items = (): BatchItem[] => [
  ...scenes.slice(0, 3).map((s, i) => ({ key: `img${i}`, loadAsync: () => Promise.resolve(s.image) })),
  { key: 'broken', loadAsync: () => Promise.reject(new Error('not a PNG, JPEG or GIF')) },
  ...scenes.slice(3).map((s, i) => ({ key: `img${i + 3}`, loadAsync: () => Promise.resolve(s.image) })),
];
const sceneOf = (key: string) => scenes[Number(key.slice(3))] as (typeof scenes)[number];

const discIou = (o: BatchOutcome): number => {
  if (o.status !== 'done') return 0;
  const s = sceneOf(o.key);
  return maskIou(toImageMask(o.result.mask, s.image.width, s.image.height), s.truth.disc);
};

describe('batch cutouts (engine)', () => {
  it('text: every image answers with its own disc; a broken image is reported and the batch goes on; memory stays one image', async () => {
    const engine = await nodeEngineAsync();
    const seen: string[] = [];
    const out = await runBatchAsync(engine, items(), { text: 'red' }, { onOutcome: (o) => seen.push(o.key) });
    assert.deepEqual(seen, ['img0', 'img1', 'img2', 'broken', 'img3', 'img4', 'img5'], 'results arrive in order, as they are done');
    const broken = out.find((o) => o.key === 'broken');
    assert.deepEqual(broken && { status: broken.status, stage: broken.status === 'failed' ? broken.stage : null }, { status: 'failed', stage: 'load' });
    assert.match(broken?.status === 'failed' ? broken.reason : '', /not a PNG/);
    for (const o of out.filter((x) => x.key !== 'broken')) assert.ok(discIou(o) >= 0.95, `${o.key}: IoU ${discIou(o)}`);
    assert.equal(engine.cachedBytes, 0, 'every image was forgotten after its turn');
  });

  it('a region marked on one image (referring) finds the same thing in the others; the reference stays encoded', async () => {
    const engine = await nodeEngineAsync();
    const ref = colourScene(320, 256);
    await engine.encodeImageAsync('ref', ref.image);
    const out = await runBatchAsync(engine, items(), {
      reference: { imageKey: 'ref', prompts: [{ kind: 'click', x: ref.disc.cx, y: ref.disc.cy, positive: true }] },
    });
    for (const o of out.filter((x) => x.key !== 'broken')) assert.ok(discIou(o) >= 0.95, `${o.key}: IoU ${discIou(o)}`);
    assert.ok(engine.isEncoded('ref') && !engine.isEncoded('img2'));
  });

  it('an abort stops between images; what was done stays', async () => {
    const engine = await nodeEngineAsync();
    const stop = new AbortController();
    const out = await runBatchAsync(engine, items(), { text: 'red' }, { signal: stop.signal, onOutcome: (_o, i) => i === 1 && stop.abort() });
    assert.deepEqual(
      out.map((o) => o.key),
      ['img0', 'img1'],
    );
    await assert.rejects(runBatchAsync(engine, items(), { text: '  ' }), /needs text or a reference/);
  });
});
