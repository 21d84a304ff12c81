import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxToPoints } from '../../ui/engine/prompts/box-points';
import { pointFeeds, promptsToPoints } from '../../ui/engine/prompts/point-feeds';
import { scribbleToPoints } from '../../ui/engine/prompts/scribble-points';
import { subsampleEvenly } from '../../ui/engine/prompts/subsample';
import type { ImageGeometryMeta } from '../../ui/engine/preprocess';

const meta: ImageGeometryMeta = { imageWidth: 200, imageHeight: 100, resizedWidth: 400, resizedHeight: 200, paddedWidth: 416, paddedHeight: 224 };

describe('prompts → points', () => {
  it('box: positives on a grid inside, negatives on a ring two cells outside, off-image ones dropped', () => {
    const { positive, negative } = boxToPoints({ x0: 60, y0: 20, x1: 20, y1: 60 }, { width: 200, height: 100 }, 10, 100);
    assert.equal(positive.length, 16);
    assert.ok(positive.every(([x, y]) => x > 20 && x < 60 && y > 20 && y < 60));
    assert.ok(negative.length > 0);
    assert.ok(negative.every(([x, y]) => (x <= 0 || x >= 0) && (x < 20 || x > 60 || y < 20 || y > 60)));
    const edge = boxToPoints({ x0: 0, y0: 0, x1: 30, y1: 30 }, { width: 200, height: 100 }, 10, 100);
    assert.ok(edge.negative.every(([x, y]) => x >= 0 && y >= 0));
  });

  it('scribble: covered feature cells in raster order, evenly subsampled, deterministic', () => {
    const a = scribbleToPoints(
      [
        [10, 10],
        [90, 10],
      ],
      3,
      { width: 100, height: 100 },
      4,
      1000,
    );
    assert.ok(a.every(([, y]) => Math.abs(y - 10) <= 4));
    assert.deepEqual(
      scribbleToPoints(
        [
          [10, 10],
          [90, 10],
        ],
        3,
        { width: 100, height: 100 },
        4,
        1000,
      ),
      a,
    );
    const few = scribbleToPoints(
      [
        [10, 10],
        [90, 10],
      ],
      3,
      { width: 100, height: 100 },
      4,
      5,
    );
    assert.equal(few.length, 5);
    assert.ok((few[4]?.[0] ?? 0) > (few[0]?.[0] ?? 0), 'spread along the stroke');
  });

  it('subsampleEvenly keeps the spread and the budget', () => {
    assert.deepEqual(subsampleEvenly([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5), [1, 3, 5, 7, 9]);
    assert.deepEqual(subsampleEvenly([1, 2], 5), [1, 2]);
  });

  it('feeds: (x / W_padded, y / H_padded) of the resized image, labels 1/0/−1, clamping outside the image', () => {
    const pts = promptsToPoints(
      [
        { kind: 'click', x: 100, y: 50, positive: true },
        { kind: 'click', x: -40, y: 500, positive: false },
      ],
      meta,
      4,
      8,
    );
    assert.deepEqual(pts, { positive: [[100, 50]], negative: [[0, 100]] });
    const f = pointFeeds([pts], meta, 1, 8);
    assert.deepEqual([...f.coords.slice(0, 4)], [200 / 416, 100 / 224, 0, 200 / 224].map(Math.fround));
    assert.deepEqual([...f.labels], [1, 0, -1, -1, -1, -1, -1, -1]);
    assert.throws(() => pointFeeds([pts, pts], meta, 1, 8), /2 objects in one decode; the bundle takes 1/);
  });
});
