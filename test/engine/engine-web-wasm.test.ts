import * as ortWeb from 'onnxruntime-web';
import { fsBundleSource } from '../../model-host/bundles-fs';
import { loadBundleAsync } from '../../ui/engine/bundle/load-bundle';
import { SeemEngine } from '../../ui/engine/engine';
import type { OrtModule } from '../../ui/engine/ort-types';
import { OrtRuntime } from '../../ui/engine/runtime';
import { DEMO_DIR } from '../helpers/node-engine';
import { engineScenario } from './scenario';

engineScenario("onnxruntime-web's wasm build", async () => {
  ortWeb.env.wasm.numThreads = 1;
  const runtime = new OrtRuntime({ ort: ortWeb as unknown as OrtModule, backend: 'wasm' });
  return new SeemEngine(runtime, await loadBundleAsync(fsBundleSource(DEMO_DIR), runtime));
});
