/**
 * bench/precision — a bundle's precision variants side by side in one run, against its float32 graphs: download
 * size, encode and click time, and agreement (test/helpers/agreement.ts) on astronaut, chelsea and rocket for a
 * click, a box, a text and segment everything. Times: fp32 and the variant alternately, so load on the machine falls on both. Runtime: onnxruntime-web's wasm (1 thread, as the plugin's worker
 * falls back to) or onnxruntime-node (`--runtime node`). float16 variants run on the CPU kernels here: their numbers
 * are a proxy for WebGPU's shader-f16 arithmetic, not a measurement of it.
 *
 *   npm run bench:precision -- --bundle <dir with variants> [--runtime wasm|node] [--runs 3] [--precisions int8,q8f16]
 */
import { parseArgs } from 'node:util';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { fsBundleSource } from '../model-host/bundles-fs';
import { loadBundleAsync } from '../ui/engine/bundle/load-bundle';
import { downloadBytes, precisionsOf } from '../contracts/bundle-precision';
import { SeemEngine } from '../ui/engine/engine';
import { OrtRuntime } from '../ui/engine/runtime';
import { agreementAsync, type Agreement } from '../test/helpers/agreement';
import { fixture } from '../test/helpers/image-files';
import { fmt } from './lib/timing';

const { values } = parseArgs({
  options: { bundle: { type: 'string' }, runtime: { type: 'string' }, runs: { type: 'string' }, precisions: { type: 'string' } },
});
if (!values.bundle) throw new Error('--bundle <dir> (a bundle with precision variants: npm run convert -- --add-precision …)');
const dir = values.bundle;
const runs = Number(values.runs ?? 3);
const node = values.runtime === 'node';
ortWeb.env.wasm.numThreads = 1;
const runtime = node ? new OrtRuntime({ ort: ortNode, backend: 'cpu', threads: 1 }) : new OrtRuntime({ ort: ortWeb, backend: 'wasm' });
const IMAGES = [
  { name: 'astronaut', image: fixture('astronaut.png'), text: 'person' },
  { name: 'chelsea', image: fixture('chelsea.png'), text: 'cat' },
  { name: 'rocket', image: fixture('rocket.jpg'), text: 'rocket' },
];

const engineAsync = async (precision: string) =>
  new SeemEngine(runtime, await loadBundleAsync(fsBundleSource(dir), runtime, undefined, 'local', () => precision));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const msAsync = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};

/**
 * Encode and click of astronaut, fp32 and the variant alternately (after a warm-up of each), so that a busy
 * machine slows both alike: medians of `runs` each.
 */
const timePairAsync = async (engines: readonly SeemEngine[]) => {
  const { image } = IMAGES[0] as (typeof IMAGES)[0];
  const click = [{ visual: [{ kind: 'click' as const, x: 256, y: 200, positive: true }] }];
  const times = engines.map(() => ({ encode: [] as number[], click: [] as number[] }));
  for (let run = -1; run < runs; run++) {
    for (const [i, engine] of engines.entries()) {
      const key = `t${run}`;
      const encode = await msAsync(() => engine.encodeImageAsync(key, image));
      const clickMs = await msAsync(() => engine.decodeAsync(key, click));
      engine.forgetImage(key);
      if (run >= 0) {
        times[i]?.encode.push(encode);
        times[i]?.click.push(clickMs);
      }
    }
  }
  return times.map((t) => ({ encodeMs: median(t.encode), clickMs: median(t.click) }));
};

const reference = await engineAsync('fp32');
const manifest = reference.bundle.manifest;
const wanted = values.precisions?.split(',') ?? precisionsOf(manifest).filter((p) => p !== 'fp32');
const lines = [
  `bundle ${dir} (${manifest.model.name}), ${node ? 'onnxruntime-node' : 'onnxruntime-web wasm'}, 1 thread, median of ${runs}`,
  '',
  '| precision | download | encode | vs fp32 | click | chosen-mask IoU mean (min) | same class | same query | max rel. Δ logits |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];
const perPrompt: string[] = [];
for (const precision of wanted) {
  const variant = await engineAsync(precision);
  const [fp32, t] = (await timePairAsync([reference, variant])) as [{ encodeMs: number; clickMs: number }, { encodeMs: number; clickMs: number }];
  lines.push(`| fp32 | ${fmt(downloadBytes(manifest, 'fp32') / 1e6)} MB | ${fmt(fp32.encodeMs, 0)} ms | 1.00× | ${fmt(fp32.clickMs, 0)} ms | – | – | – | – |`);
  const rows: Agreement[] = await agreementAsync(reference, variant, IMAGES);
  const prompted = rows.filter((r) => r.prompt !== 'everything');
  const ious = prompted.map((r) => r.iou);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  lines.push(
    `| ${precision} | ${fmt(downloadBytes(manifest, precision) / 1e6)} MB | ${fmt(t.encodeMs, 0)} ms | ${fmt(fp32.encodeMs / t.encodeMs, 2)}× faster | ${fmt(t.clickMs, 0)} ms | ${fmt(mean(ious), 3)} (${fmt(Math.min(...ious), 3)}) | ${fmt(mean(prompted.map((r) => r.sameClass)) * 100, 0)} % | ${prompted.filter((r) => r.sameQuery).length}/${prompted.length} | ${Math.max(...prompted.map((r) => r.relDelta)).toExponential(1)} |`,
  );
  for (const r of rows) {
    perPrompt.push(
      `| ${precision} | ${r.image} | ${r.prompt} | ${fmt(r.iou, 3)} | ${fmt(r.sameClass * 100, 0)} % | ${r.sameQuery ? 'yes' : 'no'} | ${Number.isNaN(r.relDelta) ? '–' : r.relDelta.toExponential(1)} |`,
    );
  }
}
console.log(lines.join('\n'));
console.log('\n| precision | image | prompt | IoU | same class | same query (everything: same count) | rel. Δ |\n| --- | --- | --- | --- | --- | --- | --- |');
console.log(perPrompt.join('\n'));
console.log('\nRandom weights: the agreement is a proxy; trained SEEM weights may quantise better or worse.');
