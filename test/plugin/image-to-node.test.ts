import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apply } from '../../plugin/geometry/affine';
import { imageToNode, nodeToImage, quarterTurns } from '../../plugin/geometry/image-to-node';
import type { ImageGeometry } from '../../contracts/sandbox';

const geo = (g: Partial<ImageGeometry>): ImageGeometry => ({
  imageWidth: 200,
  imageHeight: 100,
  nodeWidth: 100,
  nodeHeight: 100,
  scaleMode: 'FILL',
  rotation: 0,
  imageTransform: null,
  ...g,
});

const near = (actual: { x: number; y: number }, expected: [number, number]): void => {
  assert.ok(
    Math.abs(actual.x - expected[0]) < 1e-9 && Math.abs(actual.y - expected[1]) < 1e-9,
    `got (${actual.x}, ${actual.y}), expected (${expected.join(', ')})`,
  );
};

describe('imageToNode', () => {
  it('FILL covers the node and centres the overflow', () => {
    const m = imageToNode(geo({ scaleMode: 'FILL' })); // scale 1, 50 px cut on each side
    near(apply(m, { x: 0, y: 0 }), [-50, 0]);
    near(apply(m, { x: 200, y: 100 }), [150, 100]);
    near(apply(m, { x: 100, y: 50 }), [50, 50]);
  });

  it('FIT fits inside the node and letterboxes', () => {
    const m = imageToNode(geo({ scaleMode: 'FIT' })); // scale 0.5, 25 px bars top and bottom
    near(apply(m, { x: 0, y: 0 }), [0, 25]);
    near(apply(m, { x: 200, y: 100 }), [100, 75]);
  });

  it('CROP inverts imageTransform (node-normalised → image-normalised)', () => {
    const m = imageToNode(
      geo({
        imageWidth: 400,
        imageHeight: 400,
        scaleMode: 'CROP',
        imageTransform: [
          [0.5, 0, 0.25],
          [0, 0.5, 0.25],
        ],
      }),
    );
    near(apply(m, { x: 100, y: 100 }), [0, 0]);
    near(apply(m, { x: 300, y: 300 }), [100, 100]);
    near(apply(m, { x: 200, y: 100 }), [50, 0]);
  });

  it('rotates 90° clockwise before filling', () => {
    const m = imageToNode(geo({ nodeWidth: 100, nodeHeight: 200, rotation: 90 }));
    near(apply(m, { x: 0, y: 0 }), [100, 0]); // top-left → top-right
    near(apply(m, { x: 200, y: 0 }), [100, 200]);
    near(apply(m, { x: 200, y: 100 }), [0, 200]);
  });

  it('rotates 180° and 270° (= −90°)', () => {
    const m180 = imageToNode(geo({ nodeWidth: 200, nodeHeight: 100, rotation: 180 }));
    near(apply(m180, { x: 0, y: 0 }), [200, 100]);
    const m270 = imageToNode(geo({ nodeWidth: 100, nodeHeight: 200, rotation: 270 }));
    const mMinus90 = imageToNode(geo({ nodeWidth: 100, nodeHeight: 200, rotation: -90 }));
    near(apply(m270, { x: 0, y: 0 }), [0, 200]); // top-left → bottom-left
    near(apply(mMinus90, { x: 0, y: 0 }), [0, 200]);
  });

  it('nodeToImage is the inverse', () => {
    const g = geo({ scaleMode: 'FIT', rotation: 90, nodeWidth: 37, nodeHeight: 91 });
    const p = { x: 12.5, y: 77.25 };
    const back = apply(nodeToImage(g), apply(imageToNode(g), p));
    near(back, [p.x, p.y]);
  });

  it('refuses rotations Figma cannot produce and degenerate sizes', () => {
    assert.throws(() => quarterTurns(45), /multiple of 90/);
    assert.throws(() => imageToNode(geo({ imageWidth: 0 })), /image width must be a positive number/);
    assert.throws(() => imageToNode(geo({ scaleMode: 'CROP' })), /without an imageTransform/);
  });
});
