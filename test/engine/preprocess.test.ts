import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bicubicTaps, resizeBicubicPil } from '../../ui/engine/pil-bicubic';
import { preprocessImage, targetSize } from '../../ui/engine/preprocess';

const UPSTREAM = { shortSide: 512, maxLongSide: 0 };
const CAPPED = { shortSide: 512, maxLongSide: 1024 };

test('resized size, upstream: short side 512, long side truncated (torchvision Resize(512))', () => {
  assert.deepEqual(targetSize(451, 300, UPSTREAM), { width: 769, height: 512 }); // 769.7 → 769, not 770
  assert.deepEqual(targetSize(300, 451, UPSTREAM), { width: 512, height: 769 });
  assert.deepEqual(targetSize(777, 1001, UPSTREAM), { width: 512, height: 659 }); // 659.6
  assert.deepEqual(targetSize(640, 640, UPSTREAM), { width: 512, height: 512 });
  assert.deepEqual(targetSize(1000, 333, UPSTREAM), { width: 1537, height: 512 }); // 1537.5, no cap
  assert.deepEqual(targetSize(100, 50, UPSTREAM), { width: 1024, height: 512 }); // small images grow
});

test('resized size, the 1024 cap (our default): torchvision max_size, only past 2:1', () => {
  assert.deepEqual(targetSize(451, 300, CAPPED), { width: 769, height: 512 });
  assert.deepEqual(targetSize(1000, 333, CAPPED), { width: 1024, height: 341 }); // ⌊1024·512/1537⌋
  assert.deepEqual(targetSize(333, 1000, CAPPED), { width: 341, height: 1024 });
  assert.deepEqual(targetSize(3, 1000, CAPPED), { width: 3, height: 1024 });
  assert.deepEqual(targetSize(2048, 1024, CAPPED), { width: 1024, height: 512 });
});

test('Pillow bicubic, 4 px → 2 px, worked by hand', () => {
  // Output 0 is centred at input 1.0; the kernel (a = −0.5, support 2·2) reads inputs 0…3 at
  // distances −0.25, 0.25, 0.75, 1.25 (÷ 2): weights 0.8671875, 0.8671875, 0.2265625, −0.0703125,
  // normalised by 1.890625 (0.4586777, 0.4586777, 0.1198347, −0.0371901) and put in 22-bit fixed point,
  // rounded half away from zero: 1923834, 1923834, 502623, −155987.
  const t = bicubicTaps(4, 2);
  assert.deepEqual([...t.weights.slice(0, 4)], [1923834, 1923834, 502623, -155987]);
  // [0, 0, 255, 255]: output 0 = (2²¹ + 255·(502623 − 155987)) >> 22 = 21; output 1 = (2²¹ + 255·2·1923834) >> 22 = 234.
  assert.deepEqual([...resizeBicubicPil([0, 0, 255, 255], 4, 1, 1, 2, 1)], [21, 234]);
});

test('Pillow bicubic: an unchanged size is the identity; enlarging keeps the values in 0–255', () => {
  assert.deepEqual([...resizeBicubicPil([9, 200, 3, 77], 2, 2, 1, 2, 2)], [9, 200, 3, 77]);
  const up = resizeBicubicPil([0, 255, 0, 255], 4, 1, 1, 9, 1);
  assert.equal(up.length, 9);
  assert.ok(up.every((v) => v >= 0 && v <= 255));
});

test('preprocess: a 451×300 photo → 769×512, padded to 800×512 with the mean colour', () => {
  const img = { width: 451, height: 300, data: new Uint8ClampedArray(451 * 300 * 4).fill(255) };
  const { data, meta } = preprocessImage(img, { ...CAPPED, padMultiple: 32, mean: [10, 20, 30], std: [1, 1, 1] });
  assert.deepEqual(meta, { imageWidth: 451, imageHeight: 300, resizedWidth: 769, resizedHeight: 512, paddedWidth: 800, paddedHeight: 512 });
  assert.equal(data.length, 3 * 800 * 512);
  assert.equal(data[0], 255);
  assert.equal(data[768], 255);
  assert.equal(data[769], 10);
  assert.equal(data[800 * 512 + 799], 20);
});
