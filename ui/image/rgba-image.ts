/** One image type for every runtime (UI, worker, Node tests, model host): 8-bit RGBA, row-major. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width·height·4 bytes, R G B A per pixel, rows top to bottom. */
  readonly data: Uint8ClampedArray;
}

export const assertRgbaImage = (img: RgbaImage): RgbaImage => {
  if (!Number.isInteger(img.width) || !Number.isInteger(img.height) || img.width <= 0 || img.height <= 0) {
    throw new Error(`image must have a positive integer size, got ${img.width}×${img.height}`);
  }
  if (img.data.length !== img.width * img.height * 4) {
    throw new Error(`image data has ${img.data.length} bytes, expected ${img.width * img.height * 4} for ${img.width}×${img.height} RGBA`);
  }
  return img;
};
