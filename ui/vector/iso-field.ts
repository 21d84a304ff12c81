/**
 * Checks a mask and gives the level its edge sits at: logits at 0 (inside where
 * > 0); 0–255 coverage at 127.5 (128 inside, 127 outside, and linear
 * interpolation puts a 0/255 edge exactly between the two pixel centres).
 */
import type { Mask } from './types';

export class MaskError extends Error {
  override name = 'MaskError';
}

export const maskLevel = (mask: Mask): number => {
  const { width, height, data } = mask;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new MaskError(`mask size must be non-negative integers, got ${width}×${height}`);
  }
  if (data.length !== width * height) {
    throw new MaskError(`mask data has ${data.length} values but ${width}×${height} needs ${width * height}`);
  }
  if (data instanceof Uint8Array) return 127.5;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new MaskError(`mask logit at (${i % width}, ${Math.floor(i / width)}) is ${data[i]}: logits must be finite`);
    }
  }
  return 0;
};
