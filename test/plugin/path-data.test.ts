import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translate } from '../../plugin/geometry/affine';
import { formatNumber, parsePathData, pathBounds, serializePath } from '../../contracts/path-data';
import { transformPath } from '../../plugin/geometry/transform-path';
import { assertFigmaPathData } from '../figma-fake/strict-path';

describe('path data', () => {
  it('round-trips absolute M L C Z with single spaces', () => {
    const data = 'M 0 0 L 10 0 C 10 5 5 10 0 10 Z';
    assert.equal(serializePath(parsePathData(data)), data);
  });

  it('rejects what Figma rejects', () => {
    for (const bad of ['m 0 0 l 1 1', 'M 0,0 L 1 1', 'M 0 0 H 10', 'M 0 0  L 1 1', 'L 1 1', 'M 0 NaN', 'M 0 0 A 1 1 0 0 0 1 1']) {
      assert.throws(() => parsePathData(bad), /./, bad);
      assert.throws(() => assertFigmaPathData(bad), /Invalid vector path data/, `fake accepts ${bad}`);
    }
  });

  it('transforms, bounds and formats', () => {
    const moved = transformPath(parsePathData('M 1 2 L 3 4 Z'), translate(10, -2));
    assert.deepEqual(pathBounds(moved), { minX: 11, minY: 0, maxX: 13, maxY: 2 });
    assert.equal(serializePath(moved), 'M 11 0 L 13 2 Z');
    assert.equal(formatNumber(-0.0001), '0');
    assert.equal(formatNumber(100), '100');
    assert.equal(formatNumber(1.23456), '1.235');
    assert.throws(() => formatNumber(Number.NaN), /non-finite/);
  });
});
