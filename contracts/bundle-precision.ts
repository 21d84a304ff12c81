/**
 * Which precision of a bundle's graphs runs (docs/model-bundle.md, "Precision variants"), and the files it takes.
 * fp16 and q8f16 compute in float16: WebGPU with `shader-f16` is where that pays (and where it runs at all on a
 * GPU); int8 multiplies in integers, which onnxruntime's WASM (and CPU) kernels do faster than float32.
 */
import { BundleError } from './bundle-error';
import type { BundleManifest } from './bundle-manifest';

/** Where the graphs run (the engine's backends: ui/engine/runtime.ts). */
type Backend = 'webgpu' | 'wasm' | 'cpu';

export type PrecisionPreference = 'auto' | 'fp32' | 'fp16' | 'q8f16' | 'int8';
export const PRECISION_PREFERENCES: readonly PrecisionPreference[] = ['auto', 'fp32', 'fp16', 'q8f16', 'int8'];

export interface PrecisionChoice {
  precision: string;
  /** Shown to the user beside the backend's reason. */
  reason: string;
}

const FLOAT16 = new Set(['fp16', 'q8f16']);
/** Auto, best first per backend: q8f16 downloads int8 weights and computes in float16 (half of fp16's download). */
const AUTO: Record<Backend, readonly string[]> = { webgpu: ['q8f16', 'fp16'], wasm: ['int8'], cpu: [] };

export const precisionsOf = (m: BundleManifest): string[] => [m.model.precision ?? 'fp32', ...(m.variants ?? []).map((v) => v.precision)];

export const choosePrecision = (
  m: BundleManifest,
  backend: Backend,
  preference: PrecisionPreference,
  /** The WebGPU adapter offers `shader-f16` (float16 arithmetic in shaders). */
  shaderF16: boolean,
): PrecisionChoice => {
  const available = precisionsOf(m);
  const base = available[0] as string;
  if (preference !== 'auto') {
    if (!available.includes(preference)) {
      throw new BundleError(`this bundle has no ${preference} graphs (it has ${available.join(', ')}): choose another precision in Settings`);
    }
    if (backend === 'webgpu' && FLOAT16.has(preference) && !shaderF16) {
      throw new BundleError(`${preference} needs WebGPU's shader-f16, which this GPU does not offer: choose fp32 in Settings`);
    }
    return { precision: preference, reason: `${preference} chosen in settings` };
  }
  const usable = (p: string) => available.includes(p) && (backend !== 'webgpu' || !FLOAT16.has(p) || shaderF16);
  const pick = AUTO[backend].find(usable);
  if (pick) return { precision: pick, reason: `${pick}, this bundle's best for ${backend}` };
  if (backend === 'webgpu' && AUTO.webgpu.some((p) => available.includes(p))) {
    return { precision: base, reason: `${base}: this GPU has no shader-f16 for the bundle's float16 graphs` };
  }
  return { precision: base, reason: available.length > 1 ? `${base} (the bundle's own)` : base };
};

/** The file that holds `graph` (a contract name such as image_encoder.onnx) in `precision`. */
export const graphFileFor = (m: BundleManifest, precision: string, graph: string): string =>
  m.variants?.find((v) => v.precision === precision)?.graphs.find((g) => g.graph === graph)?.file ?? graph;

/** Every variant file of the other precisions: what a load in `precision` does not fetch. */
export const otherPrecisionFiles = (m: BundleManifest, precision: string): Set<string> => {
  const mine = new Set((m.variants ?? []).filter((v) => v.precision === precision).flatMap((v) => v.graphs.map((g) => g.file)));
  const others = new Set((m.variants ?? []).flatMap((v) => v.graphs.map((g) => g.file)).filter((f) => !mine.has(f)));
  // the base graphs a variant replaces are not fetched either
  for (const v of m.variants ?? []) if (v.precision === precision) for (const g of v.graphs) others.add(g.graph);
  return others;
};

/** Bytes a load in `precision` downloads (the encoder included). */
export const downloadBytes = (m: BundleManifest, precision: string): number => {
  const skipped = otherPrecisionFiles(m, precision);
  return m.files.filter((f) => !skipped.has(f.name)).reduce((sum, f) => sum + f.bytes, 0);
};
