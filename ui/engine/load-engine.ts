/**
 * Loads a bundle into a SeemEngine on the chosen backend; if WebGPU fails to load
 * it (driver, unsupported operator, timeout), falls back to the CPU backend and says why.
 */
import { loadBundleAsync, type LoadProgress } from './bundle/load-bundle';
import type { BundleSource } from '../../contracts/bundle-source';
import type { BackendChoice } from './backend';
import { SeemEngine } from './engine';
import type { OrtModule } from './ort-types';
import { OrtRuntime, RuntimeError, type Backend } from './runtime';

export interface LoadedEngine {
  engine: SeemEngine;
  backend: Backend;
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
): Promise<LoadedEngine> => {
  const attempt = async (backend: Backend): Promise<SeemEngine> => {
    const runtime = new OrtRuntime({ ort, backend });
    return new SeemEngine(runtime, await loadBundleAsync(source, runtime, onProgress, encoderAt));
  };
  try {
    return { engine: await attempt(choice.backend), backend: choice.backend, reason: choice.reason };
  } catch (error) {
    if (choice.backend === fallback || !(error instanceof RuntimeError)) throw error;
    return { engine: await attempt(fallback), backend: fallback, reason: `${choice.backend} failed (${error.message}): using ${fallback}` };
  }
};
