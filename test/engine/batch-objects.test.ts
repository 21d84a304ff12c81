/** Which objects share a decoder run. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { batchObjects } from '../../ui/engine/batch-objects';
import { rng } from '../helpers/seeded';

it('one object per run when the bundle takes one object (v0)', () => {
  assert.deepEqual(batchObjects([{}, {}, {}], 1), [[0], [1], [2]]);
});

it('visual-only objects share runs of up to maxObjects; text and reference objects run alone', () => {
  const objects = [{}, { text: 'cat' }, {}, {}, { reference: {} }, {}, { text: '  ' }];
  assert.deepEqual(batchObjects(objects, 2), [[0, 2], [1], [3, 5], [4], [6]]);
});

it('objects with a previous mask never share a run with first-round objects (has_prev is per run)', () => {
  const prev = { previous: {} };
  assert.deepEqual(batchObjects([{}, prev, {}, prev, prev], 4), [
    [0, 2],
    [1, 3, 4],
  ]);
});

it('every index appears exactly once (seeded)', () => {
  const rand = rng(7);
  for (let n = 0; n < 50; n++) {
    const objects = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => ({
      ...(rand() < 0.2 ? { text: 'x' } : {}),
      ...(rand() < 0.3 ? { previous: 1 } : {}),
    }));
    const max = 1 + Math.floor(rand() * 4);
    const runs = batchObjects(objects, max);
    assert.deepEqual(
      runs.flat().sort((a, b) => a - b),
      objects.map((_, i) => i),
    );
    for (const r of runs) assert.ok(r.length >= 1 && r.length <= max);
  }
});
