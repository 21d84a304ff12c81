/**
 * A small picture of one result for the batch list: the image shrunk to fit `maxSide` (nearest sample),
 * the mask tinted over it and the rest dimmed. The batch keeps this and the vector path per image — never
 * the full-resolution pixels or mask logits — so its memory does not grow with image size.
 */
import { maskToSize, type MaskLogits } from '../engine/mask-mapping';
import type { RgbaImage } from './rgba-image';

export const thumbnailSize = (width: number, height: number, maxSide: number): { width: number; height: number } => {
  const s = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
};

export const maskThumbnail = (image: RgbaImage, mask: MaskLogits, maxSide: number, tint: readonly [number, number, number]): RgbaImage => {
  const { width, height } = thumbnailSize(image.width, image.height, maxSide);
  const inside = maskToSize(mask, width, height);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(((y + 0.5) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(((x + 0.5) * image.width) / width));
      const from = (sy * image.width + sx) * 4;
      const to = (y * width + x) * 4;
      const hit = (inside[y * width + x] ?? 0) > 0;
      for (let c = 0; c < 3; c++) {
        const v = image.data[from + c] ?? 0;
        // Inside: half image, half tint; outside: the image at 35 %, so the cut-out shape reads at a glance.
        data[to + c] = hit ? (v + (tint[c] ?? 0)) / 2 : v * 0.35;
      }
      data[to + 3] = 255;
    }
  }
  return { width, height, data };
};
