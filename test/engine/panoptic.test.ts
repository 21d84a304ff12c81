import assert from 'node:assert/strict';
import { test } from 'node:test';
import { panopticFromQueries, panopticMerge } from '../../ui/engine/panoptic';

// Two classes and background (last); a query with logits [5, 0, 0] is class 0 with p = e⁵/(e⁵ + 2) ≈ 0.987.
const CLASS0 = [5, 0, 0];
const CLASS1 = [0, 5, 0];

const rows =
  (masks: readonly (readonly number[])[]) =>
  (q: number): Float32Array =>
    Float32Array.from(masks[q] as number[]);

test('overlap: the pixels a query wins, all of them, over its own mask (upstream) — a 3-segment case', () => {
  // 8 pixels in a row. A is inside on 0–4; B (larger logits) takes 3–4; pixel 5 is inside nobody,
  // and A, the least outside there, wins it; C owns 6–7.
  //   upstream: A wins {0,1,2,5} = 4 of its 5 → 0.8, kept (mask {0,1,2});
  //   the old rule (won AND inside = {0,1,2}, 3/5 = 0.6) dropped it.
  const masks = [
    [4, 4, 4, 2, 2, -1, -6, -6],
    [-6, -6, -6, 5, 5, -3, -6, -6],
    [-6, -6, -6, -6, -6, -6, 4, 4],
  ];
  const segments = panopticMerge({
    width: 8,
    height: 1,
    logits: rows(masks),
    classLogits: Float32Array.from([...CLASS0, ...CLASS1, ...CLASS0]),
    classes: 3,
    queries: [0, 1, 2],
    thing: [true, true, false],
    objectThreshold: 0.4,
    overlapThreshold: 0.8,
  });
  const byQuery = new Map(segments.map((s) => [s.queries[0], [...s.mask]]));
  assert.deepEqual([...byQuery.keys()].sort(), [0, 1, 2]);
  assert.deepEqual(byQuery.get(0), [1, 1, 1, 0, 0, 0, 0, 0]);
  assert.deepEqual(byQuery.get(1), [0, 0, 0, 1, 1, 0, 0, 0]);
  assert.deepEqual(byQuery.get(2), [0, 0, 0, 0, 0, 0, 1, 1]);
});

test('overlap below the threshold drops the segment; background and low scores never take part', () => {
  // A is inside on 0–4 but wins only 0–2 (B takes 3–5): 3/5 < 0.8.
  const masks = [
    [4, 4, 4, 2, 2, -6],
    [-6, -6, -6, 5, 5, 5],
    [9, 9, 9, 9, 9, 9], // background wins its softmax
    [9, 9, 9, 9, 9, 9], // class 0 with p = e¹/(e¹ + 2) ≈ 0.58 < 0.6
  ];
  const segments = panopticMerge({
    width: 6,
    height: 1,
    logits: rows(masks),
    classLogits: Float32Array.from([...CLASS0, ...CLASS1, 0, 0, 5, 1, 0, 0]),
    classes: 3,
    queries: [0, 1, 2, 3],
    thing: [true, true, false],
    objectThreshold: 0.6,
    overlapThreshold: 0.8,
  });
  assert.deepEqual(
    segments.map((s) => s.queries),
    [[1]],
  );
  assert.deepEqual([...(segments[0]?.mask ?? [])], [0, 0, 0, 1, 1, 1]);
});

test('stuff queries of one class merge into one segment; ties go to the first query', () => {
  const masks = [
    [3, 3, -3, -3],
    [-3, -3, 3, 3],
    [3, 3, -3, -3], // same values as query 0: loses every tie to it, wins nothing
  ];
  const segments = panopticMerge({
    width: 4,
    height: 1,
    logits: rows(masks),
    classLogits: Float32Array.from([...CLASS1, ...CLASS1, ...CLASS1]),
    classes: 3,
    queries: [0, 1, 2],
    thing: [true, false, false],
    objectThreshold: 0.4,
    overlapThreshold: 0.8,
  });
  assert.equal(segments.length, 1);
  assert.deepEqual(segments[0]?.queries, [0, 1]);
  assert.deepEqual([...(segments[0]?.mask ?? [])], [1, 1, 1, 1]);
});

test('full resolution: logits upsampled to the padded input, cropped to the resized 7 px, merged per pixel', () => {
  // Grid of 2 cells (8 padded px); A = [3, −1], B = [−4, 2.5], equal scores. Upsampled (x = 0…6):
  //   A: 3, 3, 2.5, 1.5, 0.5, −0.5, −1      B: −4, −4, −3.1875, −1.5625, 0.0625, 1.6875, 2.5
  // A wins 0–4, all inside it: kept. B is inside on 4–6 but wins only 5–6: 2/3 < 0.8, dropped.
  // On the grid each query owns its cell whole, so both would be kept.
  const query = { masks: Float32Array.of(3, -1, -4, 2.5), gridWidth: 2, gridHeight: 1, cell: 4, validWidth: 7, validHeight: 1 };
  const options = {
    classLogits: Float32Array.from([...CLASS0, ...CLASS0]),
    classes: 3,
    queries: [0, 1],
    thing: [true, true, false],
    objectThreshold: 0.4,
    overlapThreshold: 0.8,
  };
  const full = panopticFromQueries(query, { ...options, resolution: 'input' });
  assert.deepEqual(
    full.map((s) => s.queries),
    [[0]],
  );
  assert.deepEqual(
    [...(full[0]?.mask.data ?? [])].map((v) => (v > 0 ? 1 : 0)),
    [1, 1, 1, 1, 1, 0, 0],
  );
  assert.deepEqual(full[0]?.mask.frame, { cell: 1, validWidth: 7, validHeight: 1 });
  const grid = panopticFromQueries(query, { ...options, resolution: 'grid' });
  assert.deepEqual(
    grid.map((s) => s.queries),
    [[0], [1]],
  );
  assert.deepEqual(
    grid.map((s) => [...s.mask.data].map((v) => (v > 0 ? 1 : 0))),
    [
      [1, 0],
      [0, 1],
    ],
  );
  assert.deepEqual(grid[0]?.mask.frame, { cell: 4, validWidth: 7, validHeight: 1 });
});
