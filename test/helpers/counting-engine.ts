/** The demo engine on onnxruntime-node, counting the runs of one of its graphs (encoder, text encoder, …). */
import { fsBundleSource } from '../../model-host/bundles-fs';
import { loadBundleAsync, type LoadedBundle } from '../../ui/engine/bundle/load-bundle';
import type { InferenceSession } from '../../ui/engine/ort-types';
import { SeemEngine } from '../../ui/engine/engine';
import { DEMO_DIR, ensureDemoBundleAsync, nodeRuntime } from './node-engine';

export const countingEngineAsync = async (graph: (b: LoadedBundle) => InferenceSession | null): Promise<{ engine: SeemEngine; runs: () => number }> => {
  await ensureDemoBundleAsync();
  const runtime = nodeRuntime();
  const bundle = await loadBundleAsync(fsBundleSource(DEMO_DIR), runtime);
  const counted = graph(bundle);
  let runs = 0;
  const run = runtime.runAsync.bind(runtime);
  runtime.runAsync = (session, feeds) => {
    if (session === counted) runs++;
    return run(session, feeds);
  };
  return { engine: new SeemEngine(runtime, bundle), runs: () => runs };
};
