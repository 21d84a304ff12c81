/**
 * The batch's bounded footprint, engine-level: whatever the number of images, the engine holds at most one
 * image's encoder outputs during a batch (plus the reference's, when there is one) — the peak at N = 12 is the
 * peak at N = 2 — and nothing after it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runBatchAsync, type BatchItem } from '../../ui/engine/batch';
import type { SeemEngine } from '../../ui/engine/engine';
import type { RgbaImage } from '../../ui/image/rgba-image';
import { nodeEngineAsync } from '../helpers/node-engine';
import { colourScene } from '../helpers/scene';

const items = (n: number): BatchItem[] =>
  Array.from({ length: n }, (_, i) => ({ key: `img${i}`, loadAsync: () => Promise.resolve(colourScene(320, 256).image) }));

/** Runs a batch and returns the most bytes (and images) the engine held at any point of it. */
const peakAsync = async (engine: SeemEngine, n: number, prompt: Parameters<typeof runBatchAsync>[2]) => {
  let bytes = 0;
  let images = 0;
  const keys = Array.from({ length: n }, (_, i) => `img${i}`);
  const sample = (): void => {
    bytes = Math.max(bytes, engine.cachedBytes);
    images = Math.max(images, keys.filter((k) => engine.isEncoded(k)).length);
  };
  await runBatchAsync(engine, items(n), prompt, {
    encodeAsync: async (key: string, image: RgbaImage) => {
      const meta = await engine.encodeImageAsync(key, image);
      sample();
      return meta;
    },
    onOutcome: sample,
  });
  return { bytes, images, after: engine.cachedBytes };
};

describe('batch memory (engine)', () => {
  it('text: at most one image encoded at a time; peak at N = 12 equals peak at N = 2; nothing kept after', async () => {
    const engine = await nodeEngineAsync();
    const two = await peakAsync(engine, 2, { text: 'red' });
    const twelve = await peakAsync(engine, 12, { text: 'red' });
    assert.equal(twelve.images, 1, 'cached encodings during the batch');
    assert.ok(twelve.bytes > 0);
    assert.equal(twelve.bytes, two.bytes, `peak bytes N=12 ${twelve.bytes} vs N=2 ${two.bytes}`);
    assert.equal(twelve.after, 0);
  });

  it('reference: the reference plus one image, whatever N', async () => {
    const engine = await nodeEngineAsync();
    const ref = colourScene(320, 256);
    await engine.encodeImageAsync('ref', ref.image);
    const reference = { imageKey: 'ref', prompts: [{ kind: 'click' as const, x: ref.disc.cx, y: ref.disc.cy, positive: true }] };
    const two = await peakAsync(engine, 2, { reference });
    const twelve = await peakAsync(engine, 12, { reference });
    assert.equal(twelve.images, 1);
    assert.equal(twelve.bytes, two.bytes);
    assert.ok(engine.isEncoded('ref'));
  });
});
