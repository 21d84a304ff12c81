import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countCommands, iou, maskToPath, MaskError, rasterizePath } from '../../ui/vector/index';
import { assertFigmaPathData } from '../figma-fake/strict-path';
import { fixture, horseMask } from '../helpers/image-files';
import { seededBlobs, rng } from '../helpers/seeded';
import { boundaryIou, binarize } from '../helpers/boundary-iou';
import { horseScene } from '../helpers/horse-scene';
import { refineMask, upsampleBilinear } from '../../ui/vector/refine';

describe('maskToPath', () => {
  it('empty mask → empty path, no error; 0×0 too', () => {
    assert.deepEqual(maskToPath({ width: 4, height: 3, data: new Uint8Array(12) }), { windingRule: 'EVENODD', data: '' });
    assert.equal(maskToPath({ width: 0, height: 0, data: new Float32Array(0) }).data, '');
  });

  it('full mask → its rectangle', () => {
    const data = maskToPath({ width: 8, height: 5, data: new Uint8Array(40).fill(255) }).data;
    assert.equal(data, 'M 0 0 L 8 0 L 8 5 L 0 5 Z');
  });

  it('logits: inside where > 0', () => {
    const logits = new Float32Array(36).fill(-3);
    for (const i of [14, 15, 20, 21]) logits[i] = 2;
    const r = rasterizePath(maskToPath({ width: 6, height: 6, data: logits }, { minArea: 0 }).data, 6, 6);
    assert.deepEqual(
      [...r.keys()].filter((i) => r[i]),
      [14, 15, 20, 21],
    );
  });

  it('NaN / Infinity or a size that does not match → a clear error', () => {
    const bad = new Float32Array(4);
    bad[2] = Number.NaN;
    assert.throws(
      () => maskToPath({ width: 2, height: 2, data: bad }),
      (e: Error) => e instanceof MaskError && /\(0, 1\) is NaN/.test(e.message),
    );
    bad[2] = Number.POSITIVE_INFINITY;
    assert.throws(() => maskToPath({ width: 2, height: 2, data: bad }), /is Infinity/);
    assert.throws(() => maskToPath({ width: 3, height: 2, data: new Uint8Array(4) }), /has 4 values but 3×2 needs 6/);
  });

  it('the horse: IoU ≥ 0.995 at default settings, far fewer commands than pixels of edge', () => {
    const m = horseMask();
    const path = maskToPath(m);
    assertFigmaPathData(path.data);
    const score = iou(rasterizePath(path.data, m.width, m.height), m.data);
    assert.ok(score >= 0.995, `IoU ${score}`);
    assert.ok(countCommands(path.data) < 400, `${countCommands(path.data)} commands`);
    assert.match(path.data, / C /, 'curves are fitted');
  });

  it('seeded invariants over 200 random blobs with holes: closed, finite, Figma-valid, IoU ≥ 0.99', () => {
    const r = rng(2024);
    for (let k = 0; k < 200; k++) {
      // Object masks at SEEM's working resolution (short side 512).
      const size = 256 + Math.floor(r() * 256);
      const m = seededBlobs(1000 + k, size, Math.round(size * (0.6 + r() * 0.8)), 1 + Math.floor(r() * 4));
      const { data } = maskToPath(m, { minArea: 0 });
      assert.ok(!/NaN|Infinity/.test(data), `finite #${k}`);
      assertFigmaPathData(data);
      assert.equal((data.match(/M/g) ?? []).length, (data.match(/Z/g) ?? []).length, `every ring closed #${k}`);
      const score = iou(rasterizePath(data, m.width, m.height), m.data);
      assert.ok(score >= 0.99, `blob #${k} (${m.width}×${m.height}): IoU ${score}`);
    }
  });

  it('without curves: straight segments only', () => {
    const { data } = maskToPath(horseMask(), { curves: false });
    assert.doesNotMatch(data, /C/);
  });
});

describe('edge refinement', () => {
  it('guided refinement beats bilinear upsampling on boundary IoU (horse, 16× coarse logits over a photo)', () => {
    const { image, coarse, truth } = horseScene(16);
    const bilinear = boundaryIou(binarize(upsampleBilinear(coarse, image.width, image.height)), truth, image.width, image.height);
    const guided = boundaryIou(binarize(refineMask(coarse, image)), truth, image.width, image.height);
    assert.ok(guided > bilinear + 0.2, `guided ${guided.toFixed(3)} vs bilinear ${bilinear.toFixed(3)}`);
  });

  it('keeps a flat-colour shape exact', () => {
    const img = fixture('astronaut.png');
    const coarse = { width: 8, height: 8, data: new Float32Array(64).fill(-4) };
    const out = refineMask(coarse, img);
    assert.equal(out.length, img.width * img.height);
    assert.ok(
      out.every((v) => v < 0),
      'an all-outside mask stays outside',
    );
  });
});
