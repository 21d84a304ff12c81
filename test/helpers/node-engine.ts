/** The engine on onnxruntime-node over the generated demo bundle, and mask helpers for assertions. */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { fsBundleSource } from '../../model-host/bundles-fs';
import { DEMO_BUNDLE_ID, generateDemoBundle, writeBundle } from '../../model-host/fixture-bundle/write-bundle';
import { loadBundleAsync } from '../../ui/engine/bundle/load-bundle';
import { SeemEngine, type MaskLogits } from '../../ui/engine/engine';
import type { OrtModule } from '../../ui/engine/ort-types';
import { OrtRuntime } from '../../ui/engine/runtime';
import { resizeBilinear } from '../../ui/vector/resize';

export const DEMO_DIR = join(import.meta.dirname, '../../model-host/bundles', DEMO_BUNDLE_ID);

export const ensureDemoBundleAsync = async (dir = DEMO_DIR): Promise<string> => {
  await writeBundle(dir, generateDemoBundle());
  return dir;
};

export const nodeRuntime = (): OrtRuntime => new OrtRuntime({ ort: ort as unknown as OrtModule, backend: 'cpu' });

export const nodeEngineAsync = async (dir = DEMO_DIR): Promise<SeemEngine> => {
  const runtime = nodeRuntime();
  return new SeemEngine(runtime, await loadBundleAsync(fsBundleSource(dir), runtime));
};

/** Low-res logits → a 0/1 mask at image resolution (bilinear, threshold 0). */
export const toImageMask = (m: MaskLogits, width: number, height: number): Uint8Array =>
  Uint8Array.from(resizeBilinear(m.data, m.width, m.height, width, height), (v) => (v > 0 ? 1 : 0));

export const maskIou = (a: Uint8Array, b: Uint8Array): number => {
  let i = 0;
  let u = 0;
  for (let k = 0; k < a.length; k++) {
    if (a[k] && b[k]) i++;
    if (a[k] || b[k]) u++;
  }
  return u === 0 ? 1 : i / u;
};
