/**
 * Image → the encoder's `image` tensor, as SEEM's demo prepares it: resize so the
 * short side is `shortSide` (aspect kept; the long side capped at `maxLongSide`),
 * then pad bottom/right to a multiple of `padMultiple` with the mean colour (the
 * graph normalises, so mean-colour padding equals SEEM's zero padding after
 * normalisation). Alpha is composited over the mean colour.
 *
 * image: float32 [1, 3, Hp, Wp], RGB on the 0–255 scale, planar.
 */
import type { RgbaImage } from '../image/rgba-image';
import type { BundleManifest } from './bundle/manifest';
import { resample } from './resample';

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

export const targetSize = (w: number, h: number, p: BundleManifest['preprocess']): { width: number; height: number } => {
  let s = p.shortSide / Math.min(w, h);
  if (Math.max(w, h) * s > p.maxLongSide) s = p.maxLongSide / Math.max(w, h);
  return { width: Math.max(1, Math.round(w * s)), height: Math.max(1, Math.round(h * s)) };
};

export const preprocessImage = (img: RgbaImage, p: BundleManifest['preprocess']): { data: Float32Array; meta: ImageGeometryMeta } => {
  if (img.width <= 0 || img.height <= 0) throw new ImageInputError(`the image is empty (${img.width}×${img.height})`);
  if (img.data.length !== img.width * img.height * 4) throw new ImageInputError('image data does not match its size');
  const { width: rw, height: rh } = targetSize(img.width, img.height, p);
  const pw = Math.ceil(rw / p.padMultiple) * p.padMultiple;
  const ph = Math.ceil(rh / p.padMultiple) * p.padMultiple;
  const resized = resample(img.data, img.width, img.height, 4, rw, rh);
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
