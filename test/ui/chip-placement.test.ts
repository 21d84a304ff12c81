import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chipWidth, placeChips, promptMarks, type Rect } from '../../ui/render/chip-placement';

const bounds = { w: 336, h: 268 };
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const rectOf = (at: { x: number; y: number }, w: number, h: number): Rect => ({ x: at.x - w / 2, y: at.y - h / 2, w, h });

describe('label chip placement', () => {
  it('with nothing in the way, the chip sits on the mask centre', () => {
    const at = placeChips([{ id: 1, x: 100, y: 100, w: 60, h: 18 }], [], bounds);
    assert.deepEqual(at.get(1), { x: 100, y: 100 });
  });

  it('a click dot under the centre moves the chip off it (above first)', () => {
    const marks = promptMarks([{ kind: 'click', x: 50, y: 50, positive: true }], 2);
    assert.deepEqual(marks, [{ x: 94, y: 94, w: 12, h: 12 }]);
    const at = placeChips([{ id: 1, x: 100, y: 100, w: 60, h: 18 }], marks, bounds).get(1);
    assert.ok(at);
    assert.ok(!overlaps(rectOf(at, 60, 18), marks[0] as Rect), `chip at ${at.x},${at.y}`);
    assert.deepEqual(at, { x: 100, y: 83 });
  });

  it("a box's outline is avoided, not its inside: the chip of a boxed object stays in its box", () => {
    const marks = promptMarks([{ kind: 'box', x0: 10, y0: 10, x1: 110, y1: 110 }], 1);
    assert.equal(marks.length, 4);
    assert.deepEqual(placeChips([{ id: 1, x: 60, y: 60, w: 60, h: 18 }], marks, bounds).get(1), { x: 60, y: 60 });
  });

  it('two chips on one spot do not cover each other; chips stay inside the canvas', () => {
    const at = placeChips(
      [
        { id: 1, x: 200, y: 150, w: 60, h: 18 },
        { id: 2, x: 200, y: 150, w: 60, h: 18 },
        { id: 3, x: 2, y: 2, w: 60, h: 18 },
      ],
      [],
      bounds,
    );
    const [a, b, c] = [at.get(1), at.get(2), at.get(3)];
    assert.ok(a && b && c);
    assert.ok(!overlaps(rectOf(a, 60, 18), rectOf(b, 60, 18)));
    assert.deepEqual(c, { x: 30, y: 9 });
  });

  it('brush strokes are marks too; a chip is as wide as its text', () => {
    const marks = promptMarks(
      [
        {
          kind: 'scribble',
          points: [
            [10, 10],
            [20, 10],
          ],
          radius: 4,
          positive: true,
        },
      ],
      1,
    );
    assert.deepEqual(marks, [
      { x: 6, y: 6, w: 8, h: 8 },
      { x: 16, y: 6, w: 8, h: 8 },
    ]);
    assert.ok(chipWidth('red 55%') < chipWidth('others (chair) 12%'));
  });
});
