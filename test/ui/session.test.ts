import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecodedResult } from '../../contracts/worker';
import { emptySession, needsDecode, objectPrompt, promptKey, reduce, type Action, type Session } from '../../ui/state/session';

const result = (category: string, fill: number, backgroundWins = false): DecodedResult => ({
  mask: { width: 2, height: 2, data: new Float32Array(4).fill(fill) },
  imageWidth: 8,
  imageHeight: 8,
  query: 0,
  score: 1,
  category,
  categoryScore: 0.9,
  backgroundWins,
});
const run = (actions: Action[], s: Session = emptySession()): Session => actions.reduce(reduce, s);
const click = (x: number, positive = true): Action => ({ type: 'prompt', prompt: { kind: 'click', x, y: 1, positive }, newObject: false });

describe('session reducer', () => {
  it('prompts go to the active object; Shift starts another; results name objects', () => {
    let s = run([click(1), click(2), { type: 'prompt', prompt: { kind: 'click', x: 3, y: 1, positive: true }, newObject: true }]);
    assert.equal(s.objects.length, 2);
    assert.equal(s.objects[0]?.prompts.length, 2);
    assert.equal(s.active, s.objects[1]?.id);
    s = reduce(s, { type: 'result', id: s.objects[0]?.id ?? 0, result: result('cat', 3) });
    assert.equal(s.objects[0]?.name, 'cat');
  });

  it('background wins: the object is named "others", with the best class as a hint', () => {
    let s = run([click(1)]);
    s = reduce(s, { type: 'result', id: s.objects[0]?.id ?? 0, result: result('chair', 3, true) });
    assert.equal(s.objects[0]?.name, 'others (chair)');
    s = reduce(s, { type: 'rename', id: s.objects[0]?.id ?? 0, name: 'stool' });
    s = reduce(s, { type: 'result', id: s.objects[0]?.id ?? 0, result: result('chair', 3, true) });
    assert.equal(s.objects[0]?.name, 'stool');
  });

  it('memory: a new round remembers the previous mask', () => {
    let s = run([click(1)]);
    s = reduce(s, { type: 'result', id: s.objects[0]?.id ?? 0, result: result('cat', 3) });
    s = reduce(s, click(5, false));
    assert.deepEqual([...(s.objects[0]?.previous?.data ?? [])], [3, 3, 3, 3]);
    assert.deepEqual(objectPrompt(s.objects[0]!)?.previous?.data, s.objects[0]?.previous?.data);
  });

  it('undo / redo restore prompts; results are not history', () => {
    let s = run([click(1), click(2)]);
    s = reduce(s, { type: 'undo' });
    assert.equal(s.objects[0]?.prompts.length, 1);
    s = reduce(s, { type: 'redo' });
    assert.equal(s.objects[0]?.prompts.length, 2);
    const before = s.past.length;
    s = reduce(s, { type: 'result', id: s.objects[0]?.id ?? 0, result: result('dog', 1) });
    assert.equal(s.past.length, before);
  });

  it('segments replace earlier segments; rename, toggle, merge, remove', () => {
    let s = run([{ type: 'segments', segments: [{ result: result('red', 2) }, { result: result('blue', -2) }] }]);
    s = reduce(s, { type: 'segments', segments: [{ result: result('red', 2) }, { result: result('blue', -2) }, { result: result('green', 1) }] });
    assert.deepEqual(
      s.objects.map((o) => o.name),
      ['red', 'blue', 'green'],
    );
    const [a, b] = s.objects;
    s = reduce(s, { type: 'rename', id: a!.id, name: '  hero  ' });
    assert.equal(s.objects[0]?.name, 'hero');
    s = reduce(s, { type: 'toggle', id: b!.id });
    assert.equal(s.objects[1]?.visible, false);
    s = reduce(s, { type: 'merge', ids: [a!.id, b!.id] });
    const merged = s.objects.at(-1);
    assert.equal(merged?.kind, 'merged');
    assert.deepEqual([...(merged?.result?.mask.data ?? [])], [2, 2, 2, 2]);
    s = reduce(s, { type: 'remove', id: merged.id });
    assert.deepEqual(
      s.objects.map((o) => o.name),
      ['green'],
    );
    assert.deepEqual(reduce(s, { type: 'reset' }).objects, []);
  });

  it('clear-prompts drops the active prompted object only', () => {
    const s = run([click(1), { type: 'clear-prompts' }]);
    assert.deepEqual(s.objects, []);
  });

  it('the same prompt after Reset needs a decode again (object ids start again; what was decoded is on the object)', () => {
    let s = run([click(1)]);
    const first = s.objects[0];
    assert.ok(first && needsDecode(first));
    s = reduce(s, { type: 'result', id: first.id, result: result('red', 2), forKey: promptKey(first) });
    assert.equal(needsDecode(s.objects[0] ?? first), false);
    s = run([{ type: 'reset' }, click(1)], s);
    assert.equal(s.objects[0]?.id, first.id, 'ids start again');
    assert.equal(needsDecode(s.objects[0] ?? first), true);
  });

  it('a result for older prompts is kept but the object still needs a decode; a failure stops the retries', () => {
    let s = run([click(1)]);
    const asked = promptKey(s.objects[0] ?? assert.fail());
    s = run([click(2), { type: 'result', id: 1, result: result('red', 2), forKey: asked }], s);
    assert.equal(s.objects[0]?.result?.category, 'red');
    assert.equal(needsDecode(s.objects[0] ?? assert.fail()), true);
    const now = promptKey(s.objects[0] ?? assert.fail());
    s = reduce(s, { type: 'decode-failed', id: 1, forKey: now, message: 'boom' });
    assert.deepEqual(s.objects[0]?.decoded, { key: now, error: 'boom' });
    assert.equal(needsDecode(s.objects[0] ?? assert.fail()), false);
  });
});
