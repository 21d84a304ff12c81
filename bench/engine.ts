/**
 * bench/engine — one run, side by side, on the same bundle and image: onnxruntime-node (1 thread)
 * and onnxruntime-web's wasm build (1 thread), each through the flow of bench/lib/flow.ts (encode,
 * object decoder, first click, click with memory, text, everything cached) and the click/encode
 * ratios, plus the bytes the engine caches per image. Bundle: the demo bundle by default, or
 * `--bundle <dir>` (a converted or random-init SEEM bundle). Image: astronaut.png (512×512).
 *
 *   npm run bench:engine [-- --bundle <dir>] [--runs <n>] [--json]
 */
import { parseArgs } from 'node:util';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { fsBundleSource } from '../model-host/bundles-fs';
import { loadBundleAsync } from '../ui/engine/bundle/load-bundle';
import { SeemEngine } from '../ui/engine/engine';
import type { OrtModule } from '../ui/engine/ort-types';
import { OrtRuntime, type Backend } from '../ui/engine/runtime';
import { DEMO_DIR, ensureDemoBundleAsync } from '../test/helpers/node-engine';
import { fixture } from '../test/helpers/image-files';
import { flowTable, runFlowAsync, type FlowTarget, type FlowTimes, type Mask } from './lib/flow';

const { values } = parseArgs({ options: { bundle: { type: 'string' }, runs: { type: 'string' }, json: { type: 'boolean' } } });
const runs = Number(values.runs ?? 5);
const dir = values.bundle ?? (await ensureDemoBundleAsync(DEMO_DIR));
const image = fixture('astronaut.png');

const done = <T>(r: { status: 'done'; value: T } | { status: 'cancelled' }): T => {
  if (r.status !== 'done') throw new Error('cancelled');
  return r.value;
};

const measureAsync = async (
  label: string,
  ort: OrtModule,
  backend: Backend,
): Promise<{ label: string; times: FlowTimes; cachedMbPerImage: number; packedMbPerImage: number }> => {
  const runtime = new OrtRuntime({ ort, backend, threads: 1 });
  const engine = new SeemEngine(runtime, await loadBundleAsync(fsBundleSource(dir), runtime));
  const target: FlowTarget = {
    encodeAsync: async (key) => void (await engine.encodeImageAsync(key, image)),
    clickAsync: async (key, x, y, previous?: Mask, nextRound?: boolean) =>
      done(await engine.decodeAsync(key, [{ visual: [{ kind: 'click', x, y, positive: true }], previous }], { nextRound }))[0]?.mask as Mask,
    textAsync: async (key, text) => void done(await engine.decodeAsync(key, [{ text }])),
    everythingAsync: async (key) => void (await engine.segmentEverythingAsync(key)),
  };
  const times = await runFlowAsync(target, runs, { x: 200, y: 150 });
  // one image encoded and its object queries decoded: what the cache holds per image
  const probe = new SeemEngine(runtime, engine.bundle);
  await probe.encodeImageAsync('probe', image);
  const outputsOnly = probe.cachedBytes;
  await probe.decodeObjectQueriesAsync('probe');
  const active = probe.cachedBytes;
  await probe.encodeImageAsync('probe2', image); // 'probe' is no longer prompted: packed to float16
  return { label, times, cachedMbPerImage: active / 1e6, packedMbPerImage: (probe.cachedBytes - outputsOnly) / 1e6 };
};

ortWeb.env.wasm.numThreads = 1;
const results = [await measureAsync('node 1 thr', ortNode, 'cpu'), await measureAsync('web wasm 1 thr', ortWeb, 'wasm')];

if (values.json) {
  console.log(JSON.stringify({ bundle: dir, image: `astronaut.png ${image.width}×${image.height}`, runs, results }, null, 2));
} else {
  console.log(`\nbundle: ${dir}\nimage: astronaut.png ${image.width}×${image.height}, median of ${runs} runs\n`);
  console.log(flowTable(results));
  console.log(
    `\ncached per image (encoder outputs + object queries): ${results[0]?.cachedMbPerImage.toFixed(1)} MB while prompted, ${results[0]?.packedMbPerImage.toFixed(1)} MB otherwise (float16)`,
  );
  const [node, web] = results as [(typeof results)[0], (typeof results)[0]];
  console.log(`wasm / node: encode ${(web.times.encodeMs / node.times.encodeMs).toFixed(2)}×, click ${(web.times.clickMs / node.times.clickMs).toFixed(2)}×`);
}
