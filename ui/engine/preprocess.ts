/**
 * Image → the encoder's `image` tensor, as SEEM's demo prepares it (7b2e76d
 * `demo/seem/tasks/interactive.py:29,36–42`: torchvision `Resize(512, BICUBIC)` on a PIL image,
 * uint8 → float; detectron2 `ImageList.from_tensors` pads): resize so the short side is
 * `shortSide` with Pillow's bicubic (pil-bicubic.ts, bit-exact), then pad bottom/right to a
 * multiple of `padMultiple` with the mean colour (the graph normalises, so mean-colour padding
 * equals SEEM's zero padding after normalisation). Alpha is composited over the mean colour after
 * resizing (upstream's images are RGB; for opaque images this changes nothing).
 *
 * image: float32 [1, 3, Hp, Wp], RGB on the 0–255 scale, planar.
 */
import type { RgbaImage } from '../image/rgba-image';
import type { BundleManifest } from '../../contracts/bundle-manifest';
import { resizeBicubicPil } from './pil-bicubic';

export interface ImageGeometryMeta {
  /** The original image. */
  imageWidth: number;
  imageHeight: number;
  /** After resizing (the valid region of the padded input). */
  resizedWidth: number;
  resizedHeight: number;
  /** The encoder input. */
  paddedWidth: number;
  paddedHeight: number;
}

export class ImageInputError extends Error {
  override name = 'ImageInputError';
}

/**
 * The resized size. Upstream (torchvision `Resize(size)`, `_compute_resized_output_size`): the short
 * side (the width when square) becomes `shortSide`, the long side ⌊shortSide · long / short⌋ —
 * truncated, not rounded (451×300 → 769×512), with no bound.
 * Our option, on by default: `maxLongSide` > 0 bounds the long side as torchvision's `max_size`
 * does (long = max, short = ⌊max · short / long⌋), because the encoder's memory grows with the
 * input and a 10:1 panorama would be 5120 px long. It changes only images wider than 2:1 (at
 * 512/1024); `maxLongSide: 0` in seem.json gives upstream's unbounded size.
 */
export const targetSize = (w: number, h: number, p: Pick<BundleManifest['preprocess'], 'shortSide' | 'maxLongSide'>): { width: number; height: number } => {
  const widthIsShort = w <= h;
  const short = widthIsShort ? w : h;
  const long = widthIsShort ? h : w;
  let newShort = p.shortSide;
  let newLong = Math.trunc((p.shortSide * long) / short);
  if (p.maxLongSide > 0 && newLong > p.maxLongSide) {
    newShort = Math.trunc((p.maxLongSide * newShort) / newLong);
    newLong = p.maxLongSide;
  }
  newShort = Math.max(1, newShort);
  newLong = Math.max(1, newLong);
  return widthIsShort ? { width: newShort, height: newLong } : { width: newLong, height: newShort };
};

export const preprocessImage = (img: RgbaImage, p: BundleManifest['preprocess']): { data: Float32Array; meta: ImageGeometryMeta } => {
  if (img.width <= 0 || img.height <= 0) throw new ImageInputError(`the image is empty (${img.width}×${img.height})`);
  if (img.data.length !== img.width * img.height * 4) throw new ImageInputError('image data does not match its size');
  const { width: rw, height: rh } = targetSize(img.width, img.height, p);
  const pw = Math.ceil(rw / p.padMultiple) * p.padMultiple;
  const ph = Math.ceil(rh / p.padMultiple) * p.padMultiple;
  const resized = resizeBicubicPil(img.data, img.width, img.height, 4, rw, rh);
  const data = new Float32Array(3 * pw * ph);
  for (let c = 0; c < 3; c++) data.fill(p.mean[c] as number, c * pw * ph, (c + 1) * pw * ph);
  for (let y = 0; y < rh; y++) {
    for (let x = 0; x < rw; x++) {
      const i = (y * rw + x) * 4;
      const a = (resized[i + 3] as number) / 255;
      for (let c = 0; c < 3; c++) {
        data[c * pw * ph + y * pw + x] = (resized[i + c] as number) * a + (p.mean[c] as number) * (1 - a);
      }
    }
  }
  return { data, meta: { imageWidth: img.width, imageHeight: img.height, resizedWidth: rw, resizedHeight: rh, paddedWidth: pw, paddedHeight: ph } };
};
