/**
 * Edge refinement: upsample coarse mask logits (SEEM predicts at 1/4 of a ~512-px
 * working size) to the full image, guided by the image itself, so edges follow
 * the photo instead of a blurred bilinear blob.
 *
 * The colour guided filter (He, Sun, Tang, "Guided Image Filtering", ECCV 2010 /
 * TPAMI 2013), in its fast form (He & Sun 2015, arXiv:1505.00996): the linear
 * coefficients q = aᵀ·I + b are solved on a subsampled grid, upsampled bilinearly,
 * and applied at full resolution. Input p is the bilinearly upsampled probability;
 * output is a field that is > 0 inside (probability − 0.5), ready for `maskToPath`.
 */
import type { RgbaImage } from '../image/rgba-image';
import { maskToSize, type MaskLogits } from '../engine/mask-mapping';
import { boxMean } from './box-filter';
import { resizeBilinear } from './resize';

/** The model's low-resolution logits; with a frame they are mapped as upstream maps them (mask-mapping.ts). */
export type CoarseLogits = MaskLogits;

export interface RefineOptions {
  /** Window radius in full-resolution pixels. Default: 1.5× the coarse→full scale factor, at least 4. */
  radius?: number;
  /** Regularisation ε (on 0–1 colours): larger = smoother, less edge-snapping. Default 1e-3. */
  eps?: number;
  /** Subsampling of the fast guided filter. Default: so the working grid is ≤ 512 px on its long side. */
  subsample?: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Solves (Σ + εI)·a = c for a symmetric 3×3 Σ, by Cramer's rule. */
const solve3 = (s00: number, s01: number, s02: number, s11: number, s12: number, s22: number, c0: number, c1: number, c2: number): [number, number, number] => {
  const m00 = s11 * s22 - s12 * s12;
  const m01 = s02 * s12 - s01 * s22;
  const m02 = s01 * s12 - s02 * s11;
  const det = s00 * m00 + s01 * m01 + s02 * m02;
  if (Math.abs(det) < 1e-20) return [0, 0, 0];
  const m11 = s00 * s22 - s02 * s02;
  const m12 = s01 * s02 - s00 * s12;
  const m22 = s00 * s11 - s01 * s01;
  return [(m00 * c0 + m01 * c1 + m02 * c2) / det, (m01 * c0 + m11 * c1 + m12 * c2) / det, (m02 * c0 + m12 * c1 + m22 * c2) / det];
};

/** Bilinear upsampling of logits to the image size, as a field > 0 inside (the baseline the filter improves on). */
export const upsampleBilinear = (coarse: CoarseLogits, width: number, height: number): Float32Array => maskToSize(coarse, width, height);

export const refineMask = (coarse: CoarseLogits, image: RgbaImage, options: RefineOptions = {}): Float32Array => {
  const { width: W, height: H } = image;
  if (coarse.data.length !== coarse.width * coarse.height) throw new Error('coarse logits: size does not match data');
  const scale = Math.max(W / coarse.width, H / coarse.height);
  const s = options.subsample ?? Math.max(1, Math.floor(Math.max(W, H) / 512));
  const w = Math.max(1, Math.round(W / s));
  const h = Math.max(1, Math.round(H / s));
  const r = Math.max(1, Math.round((options.radius ?? Math.max(4, 1.5 * scale)) / s));
  const eps = options.eps ?? 1e-3;

  // Guide (0–1 RGB) and input probability on the working grid.
  const full = (c: number): Float32Array => {
    const out = new Float32Array(W * H);
    for (let i = 0; i < W * H; i++) out[i] = (image.data[4 * i + c] as number) / 255;
    return out;
  };
  const [R, G, B] = [full(0), full(1), full(2)];
  const sub = (a: Float32Array): Float32Array => (s === 1 ? a : resizeBilinear(a, W, H, w, h));
  const [r0, g0, b0] = [sub(R), sub(G), sub(B)];
  const p = maskToSize(coarse, w, h).map(sigmoid);

  const mean = (a: Float32Array): Float32Array => boxMean(a, w, h, r);
  const prod = (a: Float32Array, b: Float32Array): Float32Array => a.map((v, i) => v * (b[i] as number));
  const [mR, mG, mB, mP] = [mean(r0), mean(g0), mean(b0), mean(p)];
  const [mRP, mGP, mBP] = [mean(prod(r0, p)), mean(prod(g0, p)), mean(prod(b0, p))];
  const [mRR, mRG, mRB, mGG, mGB, mBB] = [
    mean(prod(r0, r0)),
    mean(prod(r0, g0)),
    mean(prod(r0, b0)),
    mean(prod(g0, g0)),
    mean(prod(g0, b0)),
    mean(prod(b0, b0)),
  ];
  const aR = new Float32Array(w * h);
  const aG = new Float32Array(w * h);
  const aB = new Float32Array(w * h);
  const bb = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const ur = mR[i] as number;
    const ug = mG[i] as number;
    const ub = mB[i] as number;
    const up = mP[i] as number;
    const [a0, a1, a2] = solve3(
      (mRR[i] as number) - ur * ur + eps,
      (mRG[i] as number) - ur * ug,
      (mRB[i] as number) - ur * ub,
      (mGG[i] as number) - ug * ug + eps,
      (mGB[i] as number) - ug * ub,
      (mBB[i] as number) - ub * ub + eps,
      (mRP[i] as number) - ur * up,
      (mGP[i] as number) - ug * up,
      (mBP[i] as number) - ub * up,
    );
    aR[i] = a0;
    aG[i] = a1;
    aB[i] = a2;
    bb[i] = up - a0 * ur - a1 * ug - a2 * ub;
  }
  const up = (a: Float32Array): Float32Array => (s === 1 ? a : resizeBilinear(a, w, h, W, H));
  const [AR, AG, AB, BB] = [up(mean(aR)), up(mean(aG)), up(mean(aB)), up(mean(bb))];
  const out = new Float32Array(W * H);
  for (let i = 0; i < W * H; i++) {
    out[i] = (AR[i] as number) * (R[i] as number) + (AG[i] as number) * (G[i] as number) + (AB[i] as number) * (B[i] as number) + (BB[i] as number) - 0.5;
  }
  return out;
};
