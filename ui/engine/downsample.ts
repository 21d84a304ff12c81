/**
 * Bilinear downsampling by an integer factor, as F.interpolate(mode="bilinear", align_corners=False,
 * antialias=False) computes it: output cell i samples input coordinate f·i + f/2 − 1/2, i.e. the mean of
 * cells f/2 − 1 and f/2 of its block in each direction (f even). SEEM's encoder outputs mask_features_l =
 * mask_features resized to level l (f = 8, 4, 2), so a cached image need not keep them: they are derived
 * again when the image is prompted (encoded-images.ts), checked against the encoder's own first.
 * src [C, h, w] → [C, h/f, w/f]; h and w multiples of f.
 */
export const bilinearDownsample = (src: Float32Array, channels: number, height: number, width: number, factor: number): Float32Array => {
  if (factor < 2 || factor % 2 !== 0 || height % factor !== 0 || width % factor !== 0) {
    throw new Error(`bilinear downsampling by ${factor} needs an even factor dividing ${width}×${height}`);
  }
  const oh = height / factor;
  const ow = width / factor;
  const o = factor / 2 - 1;
  const out = new Float32Array(channels * oh * ow);
  for (let c = 0; c < channels; c++) {
    const base = c * height * width;
    for (let i = 0; i < oh; i++) {
      const r0 = base + (i * factor + o) * width;
      const r1 = r0 + width;
      for (let j = 0; j < ow; j++) {
        const x = j * factor + o;
        out[(c * oh + i) * ow + j] = 0.25 * ((src[r0 + x] as number) + (src[r0 + x + 1] as number) + (src[r1 + x] as number) + (src[r1 + x + 1] as number));
      }
    }
  }
  return out;
};
