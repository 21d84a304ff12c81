/** The engine on onnxruntime-node over the generated demo bundle, and mask helpers for assertions. */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { fsBundleSource } from '../../model-host/bundles-fs';
import { DEMO_BUNDLE_ID, generateDemoBundle, writeBundle } from '../../model-host/fixture-bundle/write-bundle';
import { loadBundleAsync } from '../../ui/engine/bundle/load-bundle';
import { SeemEngine } from '../../ui/engine/engine';
import { OrtRuntime } from '../../ui/engine/runtime';

export const DEMO_DIR = join(import.meta.dirname, '../../model-host/bundles', DEMO_BUNDLE_ID);

export const ensureDemoBundleAsync = async (dir = DEMO_DIR): Promise<string> => {
  await writeBundle(dir, generateDemoBundle());
  return dir;
};

export const nodeRuntime = (): OrtRuntime => new OrtRuntime({ ort, backend: 'cpu' });

export const nodeEngineAsync = async (dir = DEMO_DIR): Promise<SeemEngine> => {
  const runtime = nodeRuntime();
  return new SeemEngine(runtime, await loadBundleAsync(fsBundleSource(dir), runtime));
};

/** The same engine on onnxruntime-web's wasm build (1 thread), as the UI's worker falls back to. */
export const webWasmEngineAsync = async (dir = DEMO_DIR): Promise<SeemEngine> => {
  ortWeb.env.wasm.numThreads = 1;
  const runtime = new OrtRuntime({ ort: ortWeb, backend: 'wasm' });
  return new SeemEngine(runtime, await loadBundleAsync(fsBundleSource(dir), runtime));
};

export { maskIou, toImageMask } from './masks';
