import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellsRead, gridExtent, gridMask, logitsAtInput, maskToSize, unionMasks, upsampleCrop } from '../../ui/engine/mask-mapping';

const close = (actual: ArrayLike<number>, expected: readonly number[]): void => {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs((actual[i] as number) - (expected[i] as number)) < 1e-6, `[${i}] ${actual[i]} ≠ ${expected[i]}`);
};

test('upsampling by the stride: source x = (dst + 0.5)/4 − 0.5, clamped at the first and last cell', () => {
  // One row of 2 cells → 8 pixels: weights 0, 0, 1/8, 3/8, 5/8, 7/8, then the last cell.
  close(upsampleCrop(Float32Array.of(0, 8), 2, 1, 4, 8, 1), [0, 0, 1, 3, 5, 7, 8, 8]);
});

test('a resized width of 6 (not a multiple of 4): padded upsampling then crop, not the 2 valid cells stretched', () => {
  // Feature grid of a 32-px padded input (8 cells); the resized image is 6 px wide.
  const grid = Float32Array.of(0, 4, 8, 12, 16, 20, 24, 28);
  assert.equal(cellsRead(6, 4, 8), 3);
  const reference = upsampleCrop(grid, 8, 1, 4, 32, 1).slice(0, 6);
  close(reference, [0, 0, 0.5, 1.5, 2.5, 3.5]);
  // The cells the mapping reads give exactly the padded result.
  close(logitsAtInput({ width: 3, height: 1, data: grid.slice(0, 3), frame: { cell: 4, validWidth: 6, validHeight: 1 } }).data, [0, 0, 0.5, 1.5, 2.5, 3.5]);
  // The old mapping (⌈6/4⌉ = 2 cells stretched over 6 px) put the same values elsewhere.
  close(maskToSize({ width: 2, height: 1, data: Float32Array.of(0, 4) }, 6, 1), [0, 0, 4 / 3, 8 / 3, 4, 4]);
});

test('cells read: ⌈valid/4⌉ + 1, never more than the grid', () => {
  assert.equal(cellsRead(8, 4, 8), 3);
  assert.equal(cellsRead(9, 4, 8), 4);
  assert.equal(cellsRead(30, 4, 8), 8);
  assert.equal(cellsRead(32, 4, 8), 8);
});

test('for every width 1…40 on a 48-px padded input, reading ⌈w/4⌉ + 1 cells equals upsampling all 12', () => {
  const grid = Float32Array.from({ length: 12 }, (_, i) => ((i * 7) % 5) - 2);
  for (let w = 1; w <= 40; w++) {
    const n = cellsRead(w, 4, 12);
    const full = upsampleCrop(grid, 12, 1, 4, 48, 1).slice(0, w);
    close(upsampleCrop(grid.slice(0, n), n, 1, 4, w, 1), [...full]);
  }
});

test('to the photo: the resized-image logits, then a bilinear resize (odd sizes: 7×5 resized, 10×7 photo)', () => {
  const frame = { cell: 4, validWidth: 7, validHeight: 5 };
  const grid = { width: 3, height: 3, data: Float32Array.of(1, -1, 2, 0, 3, -2, 4, 1, 0), frame };
  const input = logitsAtInput(grid);
  assert.deepEqual([input.width, input.height], [7, 5]);
  // Row 0, column 0 (source −0.375 → clamped to cell 0): the first cell.
  assert.equal(input.data[0], 1);
  const photo = maskToSize(grid, 10, 7);
  assert.equal(photo.length, 70);
  // The photo's top-left pixel maps to resized x = 0.5·0.7 − 0.5 < 0: the resized image's corner.
  assert.equal(photo[0], input.data[0]);
});

test('the grid reaches past the image by cells·4/valid', () => {
  assert.deepEqual(gridExtent({ width: 3, height: 2, data: new Float32Array(6), frame: { cell: 4, validWidth: 6, validHeight: 8 } }), { x: 2, y: 1 });
  assert.deepEqual(gridExtent({ width: 3, height: 2, data: new Float32Array(6) }), { x: 1, y: 1 });
});

test("a query's mask out of [Q, h, w]: its rows, the cells the mapping reads, and the frame", () => {
  // Q = 2 queries on a 4×3 grid; query 1 holds 100 + cell index. Resized 5×3 px, cell 4: 3 × 2 cells.
  const masks = Float32Array.from({ length: 24 }, (_, i) => (i >= 12 ? 100 + i - 12 : 0));
  const m = gridMask(masks, 1, { width: 4, height: 3 }, { cell: 4, validWidth: 5, validHeight: 3 });
  assert.deepEqual([m.width, m.height], [3, 2]);
  assert.deepEqual([...m.data], [100, 101, 102, 104, 105, 106]);
  assert.deepEqual(m.frame, { cell: 4, validWidth: 5, validHeight: 3 });
});

test('union of masks: cell by cell on one grid; via the resized image across grids; null across images', () => {
  const frame = { cell: 4, validWidth: 6, validHeight: 1 };
  const a = { width: 3, height: 1, data: Float32Array.of(-1, 2, -3), frame };
  const b = { width: 3, height: 1, data: Float32Array.of(1, -2, -5), frame };
  assert.deepEqual([...(unionMasks([a, b])?.data ?? [])], [1, 2, -3]);
  // A full-resolution segment of the same image: a's upsampled logits are −1, −1, −0.625, 0.125, 0.875, 1.625.
  const segment = { width: 6, height: 1, data: Float32Array.of(8, -8, -8, -8, -8, -8), frame: { cell: 1, validWidth: 6, validHeight: 1 } };
  const u = unionMasks([a, segment]);
  assert.deepEqual(u?.frame, { cell: 1, validWidth: 6, validHeight: 1 });
  close(u?.data ?? [], [8, -1, -0.625, 0.125, 0.875, 1.625]);
  assert.equal(unionMasks([a, { ...segment, frame: { cell: 1, validWidth: 7, validHeight: 1 } }]), null);
  assert.equal(unionMasks([]), null);
});
