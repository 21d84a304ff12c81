/**
 * bench/engine — one run, side by side:
 *  - image encoder vs prompt decode (visual prompt + decoder) time on the same backend;
 *  - onnxruntime-web wasm (1 thread) vs onnxruntime-node (1 thread) on the same graphs.
 * Bundle: the demo bundle by default, or `-- --bundle <dir>` (e.g. a converted or
 * random-init SEEM bundle). Image: a fixture photo (astronaut.png).
 *
 *   npm run bench:engine [-- --bundle <dir>] [-- --runs <n>]
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
import { fmt, medianMsAsync } from './lib/timing';

const { values } = parseArgs({ options: { bundle: { type: 'string' }, runs: { type: 'string' } } });
const runs = Number(values.runs ?? 10);
const dir = values.bundle ?? (await ensureDemoBundleAsync(DEMO_DIR));
const image = fixture('astronaut.png');

const measureAsync = async (label: string, ort: OrtModule, backend: Backend) => {
  const runtime = new OrtRuntime({ ort, backend, threads: 1 });
  const engine = new SeemEngine(runtime, await loadBundleAsync(fsBundleSource(dir), runtime));
  let n = 0;
  const encodeMs = await medianMsAsync(() => engine.encodeImageAsync(`img${n++}`, image), Math.max(3, Math.floor(runs / 2)));
  await engine.encodeImageAsync('img', image);
  let x = 0;
  const decodeMs = await medianMsAsync(async () => {
    const r = await engine.decodeAsync('img', [{ visual: [{ kind: 'click', x: 200 + (x++ % 50), y: 150, positive: true }] }]);
    if (r.status !== 'done') throw new Error('cancelled');
  }, runs);
  const textMs = await medianMsAsync(() => engine.decodeAsync('img', [{ text: 'a red object' }]), runs);
  const memMb = process.memoryUsage().rss / 1e6;
  return { label, encodeMs, decodeMs, textMs, memMb };
};

ortWeb.env.wasm.numThreads = 1;
const node = await measureAsync('onnxruntime-node (1 thread)', ortNode, 'cpu');
const web = await measureAsync('onnxruntime-web wasm (1 thread)', ortWeb, 'wasm');

console.log(`\nbundle: ${dir}\nimage: astronaut.png ${image.width}×${image.height}, ${runs} runs (median)\n`);
console.log('runtime                            encode ms   click decode ms   text decode ms   process rss MB (cumulative)');
for (const r of [node, web]) {
  console.log(`${r.label.padEnd(34)} ${fmt(r.encodeMs).padStart(9)} ${fmt(r.decodeMs).padStart(17)} ${fmt(r.textMs).padStart(16)} ${fmt(r.memMb, 0).padStart(8)}`);
}
console.log(`\nencoder / decoder time: node ${fmt(node.encodeMs / node.decodeMs, 2)}×, wasm ${fmt(web.encodeMs / web.decodeMs, 2)}×`);
console.log(`wasm / node time: encoder ${fmt(web.encodeMs / node.encodeMs, 2)}×, click decode ${fmt(web.decodeMs / node.decodeMs, 2)}×, text decode ${fmt(web.textMs / node.textMs, 2)}×`);
