/** The per-image cache: the image being prompted keeps float32, the others float16 (half the bytes), within a byte budget. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EncodedImages, type EncodedImage } from '../../ui/engine/encoded-images';
import type { Outputs, Tensor } from '../../ui/engine/ort-types';
import { nodeEngineAsync } from '../helpers/node-engine';
import { colourScene } from '../helpers/scene';

const tensor = (data: Float32Array, dims: readonly number[]): Tensor => ({ data, dims, type: 'float32' }) as unknown as Tensor;
const meta = { imageWidth: 8, imageHeight: 8, resizedWidth: 8, resizedHeight: 8, paddedWidth: 8, paddedHeight: 8 };
const image = (): EncodedImage => ({ meta, featureWidth: 2, featureHeight: 2 });
const outputs = (seed: number, n = 1000): Outputs => ({ a: tensor(Float32Array.from({ length: n }, (_, i) => Math.sin(seed + i)), [n]) });

describe('encoded images cache', () => {
  it('packs the image no longer prompted to float16 and expands it when prompted again', () => {
    const c = new EncodedImages<EncodedImage>(1e9, true, tensor);
    c.store('x', image(), outputs(1));
    assert.equal(c.bytes, 4000);
    c.store('y', image(), outputs(2));
    assert.equal(c.bytes, 4000 + 2000, 'x is float16 now');
    const onTheFly = c.feeds('x', ['a']).a?.data as Float32Array;
    assert.ok(Math.abs((onTheFly[5] as number) - Math.sin(6)) < 1e-3, 'a packed image still feeds (expanded for the call)');
    c.activate('x');
    assert.equal(c.bytes, 2000 + 4000, 'x expanded, y packed');
    const back = c.feeds('x', ['a']).a?.data as Float32Array;
    back.forEach((v, i) => assert.ok(Math.abs(v - Math.sin(1 + i)) <= 2 ** -11 * Math.max(1e-4, Math.abs(Math.sin(1 + i))) + 1e-7));
  });

  it('without packing every image stays float32; the byte budget evicts the least recently used', () => {
    const c = new EncodedImages<EncodedImage>(9000, false, tensor);
    c.store('x', image(), outputs(1));
    c.store('y', image(), outputs(2));
    assert.equal(c.bytes, 8000);
    c.activate('x');
    c.store('z', image(), outputs(3));
    assert.ok(c.has('x') && c.has('z') && !c.has('y'), 'y was the least recently used');
    assert.throws(() => c.get('y'), /image "y" is not encoded \(or was evicted\)/);
  });

  it('an engine answers a revisited (packed) image as it did when it was fresh', async () => {
    const engine = await nodeEngineAsync();
    const scene = colourScene(256, 192);
    await engine.encodeImageAsync('a', scene.image);
    const click = { visual: [{ kind: 'click' as const, x: scene.disc.cx, y: scene.disc.cy, positive: true }] };
    const fresh = await engine.decodeAsync('a', [click]);
    const full = engine.cachedBytes;
    await engine.encodeImageAsync('b', colourScene(256, 192).image);
    assert.ok(engine.cachedBytes < 2 * full, `a is packed: ${engine.cachedBytes} < ${2 * full}`);
    const again = await engine.decodeAsync('a', [click]);
    assert.ok(fresh.status === 'done' && again.status === 'done');
    const [m1, m2] = [fresh.value[0]?.mask.data, again.value[0]?.mask.data] as [Float32Array, Float32Array];
    const agree = m1.filter((v, i) => v > 0 === (m2[i] as number) > 0).length / m1.length;
    assert.ok(agree > 0.999, `inside/outside agree on ${agree}`);
    assert.equal(again.value[0]?.category, fresh.value[0]?.category);
  });
});
