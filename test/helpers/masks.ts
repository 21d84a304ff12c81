/** Mask helpers for assertions (pure; used in Node and in the browser harness). */
import type { MaskLogits } from '../../ui/engine/engine';
import { maskToSize } from '../../ui/engine/mask-mapping';

/** Low-res logits → a 0/1 mask at image resolution (bilinear, threshold 0). */
export const toImageMask = (m: MaskLogits, width: number, height: number): Uint8Array => Uint8Array.from(maskToSize(m, width, height), (v) => (v > 0 ? 1 : 0));

/** IoU of two 0/1 masks (the vector pipeline's own measure). */
export { iou as maskIou } from '../../ui/vector/rasterize';
