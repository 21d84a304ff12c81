/**
 * Where an image fill's pixels land inside its node, for FILL, FIT and CROP,
 * so that a shape found on the raw image lands exactly over what the designer sees.
 *
 * - FILL / FIT: the (rotated) image is scaled to cover / fit the node and centred
 *   (Figma's behaviour, matching CSS `object-fit: cover | contain`).
 * - `rotation`: a multiple of 90°, clockwise on screen (y points down), applied
 *   to the image before scaling. [Assumption: Figma documents the increments but
 *   not the direction; this module is the one place to flip it.]
 * - CROP: `imageTransform` maps node-normalised (x/w, y/h) to image-normalised
 *   (u, v) = (px/iw, py/ih); a pixel therefore lands at diag(w,h)·T⁻¹·(px/iw, py/ih).
 */
import type { ImageGeometry } from '../../contracts/sandbox';
import { compose, invert, scale, translate, type Matrix } from './affine';

/** Quarter turns clockwise in 0..3; throws on a rotation Figma would not produce. */
export const quarterTurns = (degrees: number): 0 | 1 | 2 | 3 => {
  const turns = degrees / 90;
  if (!Number.isInteger(turns)) throw new Error(`image rotation must be a multiple of 90°, got ${degrees}`);
  return (((turns % 4) + 4) % 4) as 0 | 1 | 2 | 3;
};

/** Rotates the image's pixel frame [0,w]×[0,h] clockwise by quarter turns onto [0,w']×[0,h']. */
const rotationOfFrame = (turns: 0 | 1 | 2 | 3, w: number, h: number): Matrix => {
  switch (turns) {
    case 0:
      return [
        [1, 0, 0],
        [0, 1, 0],
      ];
    case 1: // (x, y) → (h − y, x): the top-left corner moves to the top-right
      return [
        [0, -1, h],
        [1, 0, 0],
      ];
    case 2:
      return [
        [-1, 0, w],
        [0, -1, h],
      ];
    case 3:
      return [
        [0, 1, 0],
        [-1, 0, w],
      ];
  }
};

const assertPositive = (name: string, value: number): void => {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${name} must be a positive number, got ${value}`);
};

/** The transform from image-pixel coordinates to node-local coordinates. */
export const imageToNode = (g: ImageGeometry): Matrix => {
  assertPositive('image width', g.imageWidth);
  assertPositive('image height', g.imageHeight);
  assertPositive('node width', g.nodeWidth);
  assertPositive('node height', g.nodeHeight);
  if (g.scaleMode === 'CROP') {
    if (!g.imageTransform) throw new Error('CROP image fill without an imageTransform');
    return compose(scale(1 / g.imageWidth, 1 / g.imageHeight), invert(g.imageTransform), scale(g.nodeWidth, g.nodeHeight));
  }
  const turns = quarterTurns(g.rotation);
  const [rw, rh] = turns % 2 === 1 ? [g.imageHeight, g.imageWidth] : [g.imageWidth, g.imageHeight];
  const sx = g.nodeWidth / rw;
  const sy = g.nodeHeight / rh;
  const s = g.scaleMode === 'FILL' ? Math.max(sx, sy) : Math.min(sx, sy);
  return compose(rotationOfFrame(turns, g.imageWidth, g.imageHeight), scale(s, s), translate((g.nodeWidth - rw * s) / 2, (g.nodeHeight - rh * s) / 2));
};

/** The inverse: node-local coordinates (e.g. a click on the displayed image) to image pixels. */
export const nodeToImage = (g: ImageGeometry): Matrix => invert(imageToNode(g));
