/**
 * Backend choice: WebGPU only with a real (non-fallback) adapter — onnxruntime
 * would happily pick SwiftShader, a software rasteriser ~100× slower than WASM —
 * else WASM. The reason is reported so the UI can show it.
 */
import type { Backend } from './runtime';

export type BackendPreference = 'auto' | 'webgpu' | 'wasm';

export interface BackendChoice {
  backend: Backend;
  reason: string;
  /** WebGPU: the adapter offers `shader-f16` (float16 graphs can run). */
  shaderF16?: boolean;
}

/** What we read from `navigator.gpu` (typed loosely: the WebGPU DOM types are not in every lib). */
export interface GpuLike {
  requestAdapter(): Promise<{
    info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string };
    features?: { has(feature: string): boolean };
  } | null>;
}

export interface BackendEnv {
  gpu: GpuLike | undefined;
  isSecureContext: boolean;
  /** Tests only: accept a fallback (software) adapter, for a WebGPU correctness smoke test. */
  allowFallbackAdapter?: boolean;
}

export const chooseBackendAsync = async (env: BackendEnv, preference: BackendPreference): Promise<BackendChoice> => {
  if (preference === 'wasm') return { backend: 'wasm', reason: 'WASM chosen in settings' };
  const wasm = (why: string): BackendChoice => ({
    backend: 'wasm',
    reason: preference === 'webgpu' ? `WebGPU was asked for but ${why}: using WASM` : `WASM: ${why}`,
  });
  if (!env.isSecureContext) return wasm('this page is not a secure context, so WebGPU is unavailable');
  if (!env.gpu) return wasm('this browser exposes no WebGPU (navigator.gpu is missing)');
  let adapter: Awaited<ReturnType<GpuLike['requestAdapter']>>;
  try {
    adapter = await env.gpu.requestAdapter();
  } catch (error) {
    return wasm(`requesting a WebGPU adapter failed (${String(error)})`);
  }
  if (!adapter) return wasm('no WebGPU adapter is available');
  const name = [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  if (adapter.info?.isFallbackAdapter && !env.allowFallbackAdapter) {
    return wasm(`the only WebGPU adapter is a software fallback (${name}), slower than WASM`);
  }
  return { backend: 'webgpu', reason: `WebGPU on ${name}`, shaderF16: adapter.features?.has('shader-f16') ?? false };
};
