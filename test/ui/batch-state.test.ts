/** The batch's pure state: rows fill in as images are reported, toggles, time left, what Apply all writes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchProgress, formatLeft, idleBatch, keptBytes, reduceBatch, rowsToApply, type BatchAction, type BatchState } from '../../ui/state/batch';

const rows = Array.from({ length: 4 }, (_, i) => ({ nodeId: `1:${i}`, nodeName: `Shot ${i + 1}`, imageHash: `h${i}` }));
const done = (path = 'M 0 0 L 1 0 L 1 1 Z') =>
  ({
    status: 'done',
    category: 'red',
    score: 0.9,
    path,
    thumbnail: { width: 2, height: 2, data: new Uint8ClampedArray(16) },
    encodeMs: 10,
    decodeMs: 5,
  }) as const;
const run = (...actions: BatchAction[]): BatchState => actions.reduce(reduceBatch, idleBatch);

describe('batch state', () => {
  it('rows fill in as reported; done results start accepted, failures are not', () => {
    const s = run(
      { type: 'start', rows, asked: 'red', now: 0 },
      { type: 'item', index: 0, outcome: done(), now: 1000 },
      { type: 'item', index: 1, outcome: { status: 'failed', stage: 'load', reason: 'not a PNG, JPEG or GIF file' }, now: 2000 },
    );
    assert.equal(s.phase, 'running');
    assert.deepEqual(
      s.rows.map((r) => [r.outcome?.status ?? null, r.accepted]),
      [
        ['done', true],
        ['failed', false],
        [null, false],
        [null, false],
      ],
    );
    assert.deepEqual(
      rowsToApply(s).map((r) => r.nodeId),
      ['1:0'],
    );
  });

  it('progress: n of N, time left from the mean per image, minus what the current image already took', () => {
    const s = run({ type: 'start', rows, asked: 'red', now: 0 });
    assert.deepEqual(batchProgress(s, 500), { done: 0, total: 4, leftMs: null });
    const two = run(
      { type: 'start', rows, asked: 'red', now: 0 },
      { type: 'item', index: 0, outcome: done(), now: 1000 },
      { type: 'item', index: 1, outcome: done(), now: 2000 },
    );
    assert.deepEqual(batchProgress(two, 2000), { done: 2, total: 4, leftMs: 2000 });
    assert.deepEqual(batchProgress(two, 2500), { done: 2, total: 4, leftMs: 1500 });
    assert.equal(batchProgress(reduceBatch(two, { type: 'finish', cancelled: true }), 9000).leftMs, 0);
    assert.equal(formatLeft(1500), 'about 2 s left');
    assert.equal(formatLeft(null), 'estimating time left…');
  });

  it('cancel keeps what was done; reject/accept toggles only done rows; Apply marks written and refused rows', () => {
    let s = run(
      { type: 'start', rows, asked: 'red', now: 0 },
      { type: 'item', index: 0, outcome: done(), now: 1 },
      { type: 'item', index: 1, outcome: done(), now: 2 },
      { type: 'item', index: 2, outcome: done(), now: 3 },
      { type: 'cancelling' },
      { type: 'finish', cancelled: true },
      { type: 'toggle', index: 1 },
      { type: 'toggle', index: 3 },
    );
    assert.equal(s.phase, 'cancelled');
    assert.deepEqual(
      rowsToApply(s).map((r) => r.nodeId),
      ['1:0', '1:2'],
    );
    s = reduceBatch(s, { type: 'applied', written: ['1:0'], refused: [{ nodeId: '1:2', reason: 'The image layer no longer exists.' }] });
    assert.deepEqual(s.rows[0]?.applied, { written: true });
    assert.deepEqual(s.rows[2]?.applied, { written: false, reason: 'The image layer no longer exists.' });
    assert.deepEqual(
      rowsToApply(s).map((r) => r.nodeId),
      ['1:2'],
      'a written row is not written twice',
    );
  });

  it('keeps a thumbnail and a path per image, nothing that grows with N beyond that', () => {
    const s = run(
      { type: 'start', rows, asked: 'red', now: 0 },
      ...rows.map((_, index) => ({ type: 'item' as const, index, outcome: done('M 0 0 Z'), now: index })),
    );
    assert.equal(keptBytes(s), 4 * (16 + 14));
  });
});
