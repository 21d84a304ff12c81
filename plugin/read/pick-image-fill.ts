/**
 * Which image fill of a node the plugin works on. Figma lists `fills` bottom to
 * top (the last paint is drawn on top), so the top visible IMAGE paint is the
 * last one with `visible !== false`.
 */
import type { SelectionProblem } from '../../contracts/sandbox';

export type PickedFill =
  { ok: true; paint: ImagePaint & { imageHash: string }; notes: string[] } | { ok: false; code: SelectionProblem['code']; message: string };

export const pickImageFill = (fills: readonly Paint[] | PluginAPI['mixed'], nodeName: string): PickedFill => {
  const paints = Array.isArray(fills) ? (fills as readonly Paint[]) : [];
  const images = paints.filter((p): p is ImagePaint => p.type === 'IMAGE' && p.visible !== false);
  const top = images[images.length - 1];
  if (!top) {
    return { ok: false, code: 'no-image-fill', message: `“${nodeName}” has no visible image fill.` };
  }
  if (top.scaleMode === 'TILE') {
    return {
      ok: false,
      code: 'tile-not-supported',
      message: `“${nodeName}” uses a TILE image fill, which SEEM Cutout does not support yet. Switch it to Fill, Fit or Crop.`,
    };
  }
  if (!top.imageHash) {
    return { ok: false, code: 'image-missing', message: `“${nodeName}”’s image fill has no image data.` };
  }
  const notes = images.length > 1 ? [`“${nodeName}” has ${images.length} visible image fills: using the top one.`] : [];
  return { ok: true, paint: top as ImagePaint & { imageHash: string }, notes };
};
