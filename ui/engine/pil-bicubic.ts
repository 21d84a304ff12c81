/**
 * Resizing 8-bit images exactly as Pillow's `Image.resize(size, BICUBIC)` does, which is what
 * upstream SEEM's demo runs (7b2e76d `demo/seem/tasks/interactive.py:29`: torchvision
 * `Resize(512, interpolation=BICUBIC)` on a PIL image hands the work to Pillow).
 *
 * Pillow's algorithm (libImaging/Resample.c), restated:
 *  - a separable convolution, horizontal pass first, then vertical, each pass rounding to 8 bits;
 *  - the bicubic kernel with a = −0.5 and support 2, widened by the scale factor when shrinking
 *    (antialiasing): output i is centred at (i + 0.5)·scale in input pixels and reads input pixels
 *    from ⌊centre − support + 0.5⌋ to ⌊centre + support + 0.5⌋ (clamped to the image);
 *  - weights normalised to sum 1, then turned into fixed point with 22 fractional bits (rounded
 *    half away from zero); a pixel is Σ weight·input + ½, shifted down and clamped to 0–255.
 * Integer arithmetic in doubles is exact here (|Σ| < 2³¹), so results match Pillow bit for bit.
 */
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);
const SUPPORT = 2;

const bicubic = (x: number): number => {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
};

export interface Taps {
  /** First input index per output pixel. */
  start: Int32Array;
  count: Int32Array;
  /** Fixed-point weights, `size` slots per output pixel. */
  weights: Float64Array;
  size: number;
}

/** Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc` for one axis. */
export const bicubicTaps = (inSize: number, outSize: number): Taps => {
  const scale = inSize / outSize;
  const filterScale = Math.max(1, scale);
  const support = SUPPORT * filterScale;
  // Pillow multiplies by the reciprocal (not divides by the scale): kept, so weights round alike.
  const ss = 1 / filterScale;
  const size = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * size);
  const raw = new Float64Array(size);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    // C's (int) truncates toward zero; negative values are clamped to 0 right after.
    const lo = Math.max(0, Math.trunc(centre - support + 0.5));
    const hi = Math.min(inSize, Math.trunc(centre + support + 0.5));
    const n = hi - lo;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      raw[j] = bicubic((j + lo - centre + 0.5) * ss);
      sum += raw[j] as number;
    }
    for (let j = 0; j < n; j++) {
      const w = sum !== 0 ? (raw[j] as number) / sum : (raw[j] as number);
      weights[i * size + j] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    start[i] = lo;
    count[i] = n;
  }
  return { start, count, weights, size };
};

const clip8 = (v: number): number => (v >= ONE * 256 ? 255 : v <= 0 ? 0 : Math.floor(v / ONE));

/**
 * Interleaved 8-bit channels (e.g. RGBA) → the same at outWidth × outHeight. Each pass is skipped
 * when its size does not change, as Pillow skips it.
 */
export const resizeBicubicPil = (
  data: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
): Uint8ClampedArray => {
  let src: ArrayLike<number> = data;
  if (outWidth !== width) {
    const t = bicubicTaps(width, outWidth);
    const mid = new Uint8ClampedArray(outWidth * height * channels);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < outWidth; x++) {
        const s = t.start[x] as number;
        const n = t.count[x] as number;
        for (let c = 0; c < channels; c++) {
          let acc = HALF;
          for (let k = 0; k < n; k++) acc += (t.weights[x * t.size + k] as number) * (src[(y * width + s + k) * channels + c] as number);
          mid[(y * outWidth + x) * channels + c] = clip8(acc);
        }
      }
    }
    src = mid;
  }
  if (outHeight === height) return src instanceof Uint8ClampedArray ? src : Uint8ClampedArray.from(src);
  const t = bicubicTaps(height, outHeight);
  const out = new Uint8ClampedArray(outWidth * outHeight * channels);
  for (let y = 0; y < outHeight; y++) {
    const s = t.start[y] as number;
    const n = t.count[y] as number;
    for (let x = 0; x < outWidth; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = HALF;
        for (let k = 0; k < n; k++) acc += (t.weights[y * t.size + k] as number) * (src[((s + k) * outWidth + x) * channels + c] as number);
        out[(y * outWidth + x) * channels + c] = clip8(acc);
      }
    }
  }
  return out;
};
