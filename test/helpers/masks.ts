/** Mask helpers for assertions (pure; used in Node and in the browser harness). */
import type { MaskLogits } from '../../ui/engine/engine';
import { resizeBilinear } from '../../ui/vector/resize';

/** Low-res logits → a 0/1 mask at image resolution (bilinear, threshold 0). */
export const toImageMask = (m: MaskLogits, width: number, height: number): Uint8Array =>
  Uint8Array.from(resizeBilinear(m.data, m.width, m.height, width, height), (v) => (v > 0 ? 1 : 0));

export const maskIou = (a: Uint8Array, b: Uint8Array): number => {
  let i = 0;
  let u = 0;
  for (let k = 0; k < a.length; k++) {
    if (a[k] && b[k]) i++;
    if (a[k] || b[k]) u++;
  }
  return u === 0 ? 1 : i / u;
};
