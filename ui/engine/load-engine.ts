/**
 * Loads a bundle into a SeemEngine on the chosen backend; if WebGPU fails to load
 * it (driver, unsupported operator, timeout), falls back to the CPU backend and says why.
 */
import { loadBundleAsync, type LoadProgress } from './bundle/load-bundle';
import type { BundleManifest } from '../../contracts/bundle-manifest';
import { choosePrecision, type PrecisionPreference } from '../../contracts/bundle-precision';
import type { BundleSource } from '../../contracts/bundle-source';
import type { BackendChoice } from './backend';
import { SeemEngine } from './engine';
import type { OrtModule } from './ort-types';
import { OrtRuntime, RuntimeError, type Backend } from './runtime';

export interface LoadedEngine {
  engine: SeemEngine;
  backend: Backend;
  /** Why this backend and this precision (bundle/precision.ts). */
  reason: string;
}

export const loadEngineAsync = async (
  ort: OrtModule,
  source: BundleSource,
  choice: BackendChoice,
  fallback: Backend,
  onProgress?: (p: LoadProgress) => void,
  /** 'remote': the model host encodes images; image_encoder.onnx is never downloaded. */
  encoderAt: 'local' | 'remote' = 'local',
  /** Which graphs' precision: 'auto' picks the bundle's best for the backend (fp16 on WebGPU, int8 on WASM). */
  precision: PrecisionPreference = 'auto',
): Promise<LoadedEngine> => {
  const attempt = async (backend: Backend): Promise<{ engine: SeemEngine; why: string }> => {
    const runtime = new OrtRuntime({ ort, backend });
    let why = '';
    const choose = (m: BundleManifest): string => {
      const picked = choosePrecision(m, backend, precision, choice.shaderF16 ?? false);
      why = picked.reason;
      return picked.precision;
    };
    const engine = new SeemEngine(runtime, await loadBundleAsync(source, runtime, onProgress, encoderAt, choose));
    return { engine, why };
  };
  try {
    const { engine, why } = await attempt(choice.backend);
    return { engine, backend: choice.backend, reason: `${choice.reason}; ${why}` };
  } catch (error) {
    if (choice.backend === fallback || !(error instanceof RuntimeError)) throw error;
    const { engine, why } = await attempt(fallback);
    return { engine, backend: fallback, reason: `${choice.backend} failed (${error.message}): using ${fallback}; ${why}` };
  }
};
