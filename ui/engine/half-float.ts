/**
 * IEEE 754 half precision (binary16) packing for cached feature maps: an encoded image that is not
 * being prompted keeps its encoder outputs as float16 — half the bytes — and is expanded back to
 * float32 when it is prompted again. Round to nearest, ties to even; overflow to ±Infinity; NaN kept.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** One float32 → its nearest float16 bit pattern. */
export const toHalfBits = (value: number): number => {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Infinity, NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: Infinity
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal: zero
    const m = mant | 0x800000; // implicit leading 1
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = m & ((1 << shift) - 1);
    let h = m >>> shift;
    if (rest > half || (rest === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++; // may carry into the exponent: still correct
  return sign | h;
};

/** One float16 bit pattern → its exact float32 value. */
export const fromHalfBits = (h: number): number => {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
};

let table: Float32Array | undefined;
/** All 65536 float16 values as float32: expanding is then one lookup per value. */
const halfTable = (): Float32Array => {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = fromHalfBits(h);
  }
  return table;
};

export const packHalf = (src: Float32Array): Uint16Array => {
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = toHalfBits(src[i] as number);
  return out;
};

export const unpackHalf = (src: Uint16Array): Float32Array => {
  const t = halfTable();
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = t[src[i] as number] as number;
  return out;
};
