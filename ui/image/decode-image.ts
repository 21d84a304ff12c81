/**
 * Decodes encoded image bytes (PNG / JPEG / GIF first frame) to RGBA in the
 * browser (iframe or worker): `createImageBitmap` + `OffscreenCanvas`. The
 * sandbox cannot do this (no DOM), which is why bytes travel to the UI.
 */
import type { RgbaImage } from './rgba-image';
import { MIME, sniffImageFormat } from './sniff-format';

export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

export const decodeImageAsync = async (bytes: Uint8Array): Promise<RgbaImage> => {
  if (bytes.length === 0) throw new ImageDecodeError('the image is empty (0 bytes)');
  const format = sniffImageFormat(bytes);
  if (!format) throw new ImageDecodeError('not a PNG, JPEG or GIF file');
  let bitmap: ImageBitmap;
  try {
    // A copy: the Blob must not alias a buffer the caller may reuse or transfer.
    bitmap = await createImageBitmap(new Blob([bytes.slice()], { type: MIME[format] }), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
  } catch (error) {
    throw new ImageDecodeError(`the ${format.toUpperCase()} data is corrupt or unsupported (${String(error)})`);
  }
  try {
    if (bitmap.width === 0 || bitmap.height === 0) throw new ImageDecodeError('the image has no pixels (0×0)');
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new ImageDecodeError('no 2D canvas available to decode the image');
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, data };
  } finally {
    bitmap.close();
  }
};
