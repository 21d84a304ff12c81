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
const outputs = (seed: number, n = 1000): Outputs => ({
  a: tensor(
    Float32Array.from({ length: n }, (_, i) => Math.sin(seed + i)),
    [n],
  ),
});

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

describe('derived outputs', () => {
  const map = (h: number, w: number, seed: number) =>
    tensor(
      Float32Array.from({ length: 2 * h * w }, (_, i) => Math.sin(seed + i * 0.37)),
      [1, 2, h, w],
    );
  const levels = (src: Tensor): Outputs => {
    const [, c, h, w] = src.dims as [number, number, number, number];
    const d = src.data as Float32Array;
    const down = (f: number) => {
      const out = new Float32Array(c * (h / f) * (w / f));
      const o = f / 2 - 1;
      for (let k = 0; k < c; k++)
        for (let i = 0; i < h / f; i++)
          for (let j = 0; j < w / f; j++) {
            const at = (y: number, x: number) => d[(k * h + y) * w + x] as number;
            out[(k * (h / f) + i) * (w / f) + j] =
              (at(i * f + o, j * f + o) + at(i * f + o, j * f + o + 1) + at(i * f + o + 1, j * f + o) + at(i * f + o + 1, j * f + o + 1)) / 4;
          }
      return tensor(out, [1, c, h / f, w / f]);
    };
    return { mask_features: src, mask_features_0: down(8), mask_features_2: down(2) };
  };
  const rules = [
    { name: 'mask_features_0', from: 'mask_features' },
    { name: 'mask_features_2', from: 'mask_features' },
  ];

  it('a packed image keeps no derived output and computes it again when prompted', () => {
    const c = new EncodedImages<EncodedImage>(1e9, true, tensor, rules);
    const x = levels(map(16, 32, 1));
    c.store('x', image(), x);
    const full = c.bytes;
    c.store('y', image(), levels(map(16, 32, 2)));
    assert.equal(c.bytes, full + (2 * 16 * 32 * 4) / 2, 'x packed: only mask_features, at float16');
    const lvl = c.feeds('x', ['mask_features_2']).mask_features_2;
    assert.deepEqual(lvl?.dims, [1, 2, 8, 16]);
    c.activate('x');
    const again = c.feeds('x', ['mask_features_0', 'mask_features_2']);
    for (const n of ['mask_features_0', 'mask_features_2'] as const) {
      const want = x[n]?.data as Float32Array;
      const got = again[n]?.data as Float32Array;
      want.forEach((v, i) => assert.ok(Math.abs(v - (got[i] as number)) < 2e-3, `${n}[${i}]`));
    }
  });

  it('outputs that are not the downsampling they are declared to be are kept (checked on the first image)', () => {
    const c = new EncodedImages<EncodedImage>(1e9, true, tensor, rules);
    const x = levels(map(16, 32, 1));
    (x.mask_features_2?.data as Float32Array)[3] = 99; // not a bilinear downsampling
    c.store('x', image(), x);
    const full = c.bytes;
    c.store('y', image(), levels(map(16, 32, 2)));
    assert.equal(c.bytes, full + full / 2, 'x packed with every output');
    assert.equal((c.feeds('x', ['mask_features_2']).mask_features_2?.data as Float32Array)[3], 99);
  });
});
