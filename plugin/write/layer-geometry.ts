/**
 * Turns a mask path in image-pixel space into what a Figma vector node needs:
 * path data in the vector's own coordinates (origin at the path's top-left) and
 * the vector's `relativeTransform` in the image node's parent, so the shape
 * lands exactly over the image as displayed, whatever the node's rotation.
 */
import type { ImageGeometry, Matrix } from '../../contracts/sandbox';
import { multiply, translate } from '../geometry/affine';
import { imageToNode } from '../geometry/image-to-node';
import { parsePathData, pathBounds, serializePath } from '../../contracts/path-data';
import { transformPath } from '../geometry/transform-path';

export interface LayerGeometry {
  data: string;
  relativeTransform: Matrix;
}

export const layerGeometry = (imagePathData: string, geometry: ImageGeometry, nodeTransform: Matrix): LayerGeometry => {
  const commands = parsePathData(imagePathData);
  const local = transformPath(commands, imageToNode(geometry));
  const bounds = pathBounds(local);
  if (!bounds) throw new Error('empty mask path: nothing to write');
  const shifted = transformPath(local, translate(-bounds.minX, -bounds.minY));
  return {
    data: serializePath(shifted),
    relativeTransform: multiply(nodeTransform, translate(bounds.minX, bounds.minY)),
  };
};
