/**
 * Separable resampling of interleaved 8-bit channels with a triangle (bilinear)
 * kernel widened by the downscale factor — antialiased like PIL's BILINEAR, so a
 * 4096-px photo shrunk to 512 does not alias. Output is float, same channel count.
 */
interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  maxTaps: number;
}

const taps = (src: number, dst: number): Taps => {
  const scale = src / dst;
  const support = Math.max(1, scale);
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(dst);
  const count = new Int32Array(dst);
  const weights = new Float32Array(dst * maxTaps);
  for (let i = 0; i < dst; i++) {
    const centre = (i + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - support));
    const hi = Math.min(src, Math.ceil(centre + support));
    let sum = 0;
    let n = 0;
    for (let j = lo; j < hi && n < maxTaps; j++, n++) {
      const w = Math.max(0, 1 - Math.abs((j + 0.5 - centre) / support));
      weights[i * maxTaps + n] = w;
      sum += w;
    }
    for (let k = 0; k < n; k++) weights[i * maxTaps + k] = (weights[i * maxTaps + k] as number) / (sum || 1);
    start[i] = lo;
    count[i] = n;
  }
  return { start, count, weights, maxTaps };
};

export const resample = (data: ArrayLike<number>, width: number, height: number, channels: number, outWidth: number, outHeight: number): Float32Array => {
  const tx = taps(width, outWidth);
  const ty = taps(height, outHeight);
  const mid = new Float32Array(outWidth * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      const s = tx.start[x] as number;
      const n = tx.count[x] as number;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += (tx.weights[x * tx.maxTaps + k] as number) * (data[(y * width + s + k) * channels + c] as number);
        mid[(y * outWidth + x) * channels + c] = acc;
      }
    }
  }
  const out = new Float32Array(outWidth * outHeight * channels);
  for (let y = 0; y < outHeight; y++) {
    const s = ty.start[y] as number;
    const n = ty.count[y] as number;
    for (let x = 0; x < outWidth; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += (ty.weights[y * ty.maxTaps + k] as number) * (mid[((s + k) * outWidth + x) * channels + c] as number);
        out[(y * outWidth + x) * channels + c] = acc;
      }
    }
  }
  return out;
};
