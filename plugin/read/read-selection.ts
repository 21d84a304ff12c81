/**
 * Reads the image layers of a selection: for each node with a usable image fill,
 * its encoded bytes (PNG/JPEG/GIF exactly as stored in Figma) and the geometry the
 * UI needs to map masks back onto the node. Everything else becomes a problem
 * with a message the designer can act on.
 */
import type { ImageGeometry, ImageInfo, SelectionProblem } from '../../contracts/sandbox';
import { quarterTurns } from '../geometry/image-to-node';
import { pickImageFill } from './pick-image-fill';

export interface ReadImage extends ImageInfo {
  bytes: Uint8Array;
}

export interface ReadSelection {
  images: ReadImage[];
  problems: SelectionProblem[];
  hint: string | null;
}

export const NOTHING_SELECTED = 'Select one or more image layers, then run SEEM Cutout.';
export const NO_USABLE_IMAGE = 'None of the selected layers has an image SEEM Cutout can use.';

const hasFills = (node: SceneNode): node is SceneNode & MinimalFillsMixin => 'fills' in node;

/** Geometry of `paint` inside `node`, given the raw image's pixel size. */
export const geometryOf = (node: SceneNode & { width: number; height: number }, paint: ImagePaint, size: { width: number; height: number }): ImageGeometry => ({
  imageWidth: size.width,
  imageHeight: size.height,
  nodeWidth: node.width,
  nodeHeight: node.height,
  scaleMode: paint.scaleMode === 'CROP' ? 'CROP' : paint.scaleMode === 'FIT' ? 'FIT' : 'FILL',
  rotation: paint.scaleMode === 'CROP' ? 0 : quarterTurns(paint.rotation ?? 0) * 90,
  imageTransform:
    paint.scaleMode === 'CROP' && paint.imageTransform
      ? [
          [paint.imageTransform[0][0], paint.imageTransform[0][1], paint.imageTransform[0][2]],
          [paint.imageTransform[1][0], paint.imageTransform[1][1], paint.imageTransform[1][2]],
        ]
      : null,
});

export const readNodeAsync = async (node: SceneNode): Promise<ReadImage | SelectionProblem> => {
  const base = { nodeId: node.id, nodeName: node.name };
  if (!hasFills(node)) {
    return { ...base, code: 'no-image-fill', message: `“${node.name}” is a ${node.type.toLowerCase()} layer without fills.` };
  }
  const picked = pickImageFill(node.fills, node.name);
  if (!picked.ok) return { ...base, code: picked.code, message: picked.message };
  const image = figma.getImageByHash(picked.paint.imageHash);
  if (!image) return { ...base, code: 'image-missing', message: `The image of “${node.name}” could not be found in this file.` };
  const [bytes, size] = await Promise.all([image.getBytesAsync(), image.getSizeAsync()]);
  return {
    ...base,
    imageHash: picked.paint.imageHash,
    geometry: geometryOf(node, picked.paint, size),
    notes: picked.notes,
    bytes,
  };
};

export const readSelectionAsync = async (selection: readonly SceneNode[]): Promise<ReadSelection> => {
  if (selection.length === 0) return { images: [], problems: [], hint: NOTHING_SELECTED };
  const results = await Promise.all(selection.map(readNodeAsync));
  const images = results.filter((r): r is ReadImage => 'bytes' in r);
  const problems = results.filter((r): r is SelectionProblem => !('bytes' in r));
  return { images, problems, hint: images.length === 0 ? NO_USABLE_IMAGE : null };
};
