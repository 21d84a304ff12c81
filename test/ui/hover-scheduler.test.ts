/** Hover previews: debounced, one decode at a time, latest position wins, stale results dropped. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeCost, HoverScheduler, type Timers } from '../../ui/hover/hover-scheduler';

/** Manual timers and decodes: the test decides when time passes and when each decode finishes. */
const harness = () => {
  let pending: { f: () => void; at: number } | null = null;
  let now = 0;
  const timers: Timers = { set: (f, ms) => (pending = { f, at: now + ms }), clear: () => (pending = null) };
  const started: { p: number; resolve: (r: string) => void }[] = [];
  const shown: [number | null, string | null][] = [];
  const s = new HoverScheduler<number, string>(
    (p) => new Promise((resolve) => started.push({ p, resolve })),
    (p, r) => shown.push([p, r]),
    40,
    timers,
  );
  const advance = (ms: number) => {
    now += ms;
    const t = pending;
    if (t && t.at <= now) {
      pending = null;
      t.f();
    }
  };
  const flush = () => new Promise((r) => setImmediate(r));
  return { s, started, shown, advance, flush };
};

describe('hover scheduler', () => {
  it('debounces: moves closer than the delay start one decode, for the last position', () => {
    const h = harness();
    for (let x = 0; x < 10; x++) {
      h.s.move(x);
      h.advance(10);
    }
    assert.equal(h.started.length, 0);
    h.advance(40);
    assert.deepEqual(
      h.started.map((d) => d.p),
      [9],
    );
  });

  it('at most one decode runs; positions passed over meanwhile are never decoded; the latest runs next', async () => {
    const h = harness();
    h.s.move(1);
    h.advance(40);
    for (const x of [2, 3, 4, 5]) {
      h.s.move(x);
      h.advance(50); // each past the debounce, while decode 1 still runs
    }
    assert.deepEqual(
      h.started.map((d) => d.p),
      [1],
      'one running decode',
    );
    h.started[0]?.resolve('mask 1');
    await h.flush();
    assert.deepEqual(h.shown, [], 'the pointer moved on: the late result is dropped');
    assert.deepEqual(
      h.started.map((d) => d.p),
      [1, 5],
      'then only the latest position',
    );
    h.started[1]?.resolve('mask 5');
    await h.flush();
    assert.deepEqual(h.shown, [[5, 'mask 5']]);
  });

  it('a result arriving after the pointer left is not drawn', async () => {
    const h = harness();
    h.s.move(7);
    h.advance(40);
    h.s.move(null);
    h.started[0]?.resolve('mask 7');
    await h.flush();
    assert.deepEqual(h.shown, [[null, null]]);
  });
});

describe('decode cost', () => {
  it('allows hover from the median of the last decodes; before any, hover is tried (it measures itself)', () => {
    const c = new DecodeCost(3);
    assert.equal(c.allowsHover(200), true);
    c.record(90);
    assert.equal(c.allowsHover(200), true);
    c.record(2300);
    c.record(2400);
    assert.equal(c.medianMs, 2300);
    assert.equal(c.allowsHover(200), false);
    c.record(80);
    c.record(85);
    assert.equal(c.allowsHover(200), true, 'only the last 3 count');
  });
});
