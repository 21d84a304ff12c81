/**
 * Mask overlays for the canvas: low-resolution logits → an RGBA bitmap at mask
 * resolution (alpha from the sigmoid), drawn scaled with smoothing; and the
 * centroid of the inside region, where the label chip goes.
 */
import type { MaskLogits } from '../engine/engine';
import { gridExtent } from '../engine/mask-mapping';

export const overlayPixels = (m: MaskLogits, rgb: readonly [number, number, number], opacity: number): Uint8ClampedArray<ArrayBuffer> => {
  const out = new Uint8ClampedArray(new ArrayBuffer(m.width * m.height * 4));
  for (let i = 0; i < m.data.length; i++) {
    const p = 1 / (1 + Math.exp(-(m.data[i] as number)));
    out[4 * i] = rgb[0];
    out[4 * i + 1] = rgb[1];
    out[4 * i + 2] = rgb[2];
    out[4 * i + 3] = Math.round(255 * opacity * Math.min(1, Math.max(0, (p - 0.25) * 2)));
  }
  return out;
};

/** Centroid of the inside cells as a fraction of the image's width and height (0–1), or null for an empty mask. */
export const maskCentroid = (m: MaskLogits): { x: number; y: number } | null => {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < m.height; y++) {
    for (let x = 0; x < m.width; x++) {
      if ((m.data[y * m.width + x] as number) > 0) {
        sx += x + 0.5;
        sy += y + 0.5;
        n++;
      }
    }
  }
  const extent = gridExtent(m);
  return n === 0 ? null : { x: (sx / n / m.width) * extent.x, y: (sy / n / m.height) * extent.y };
};

export const drawOverlay = (
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  m: MaskLogits,
  rgb: readonly [number, number, number],
  opacity: number,
  width: number,
  height: number,
): void => {
  const bitmap = new OffscreenCanvas(m.width, m.height);
  const bctx = bitmap.getContext('2d');
  if (!bctx) return;
  bctx.putImageData(new ImageData(overlayPixels(m, rgb, opacity), m.width, m.height), 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  // A grid can reach past the image (mask-mapping.ts): it is drawn at its own extent, clipped by the canvas.
  const extent = gridExtent(m);
  ctx.drawImage(bitmap, 0, 0, width * extent.x, height * extent.y);
};
