/**
 * bench/layouts — decoder layouts side by side in one run (onnxruntime-node, 1 thread): for each
 * bundle, encode once, then the median time of a click decode, a text decode and a decode of
 * `--objects` objects (one decoder run per object in v0 bundles; up to maxObjects per run in v1),
 * with ratios against the first bundle. Image: astronaut.png.
 *
 *   npm run bench:layouts -- --bundle <v0 dir> --bundle <v1 dir> [--bundle …] [--objects 4] [--runs 5]
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import * as ortNode from 'onnxruntime-node';
import { fsBundleSource } from '../model-host/bundles-fs';
import { loadBundleAsync } from '../ui/engine/bundle/load-bundle';
import { SeemEngine, type ObjectPrompt } from '../ui/engine/engine';
import { OrtRuntime } from '../ui/engine/runtime';
import { fixture } from '../test/helpers/image-files';
import { fmt, medianMsAsync } from './lib/timing';

const { values } = parseArgs({ options: { bundle: { type: 'string', multiple: true }, objects: { type: 'string' }, runs: { type: 'string' } } });
const dirs = values.bundle ?? [];
if (dirs.length === 0) throw new Error('give at least one --bundle <dir>');
const runs = Number(values.runs ?? 5);
const objects = Number(values.objects ?? 4);
const image = fixture('astronaut.png');
const click = (x: number, y: number): ObjectPrompt => ({ visual: [{ kind: 'click', x, y, positive: true }] });

const measureAsync = async (dir: string) => {
  const runtime = new OrtRuntime({ ort: ortNode, backend: 'cpu', threads: 1 });
  const engine = new SeemEngine(runtime, await loadBundleAsync(fsBundleSource(dir), runtime));
  const { layout } = engine.bundle.manifest.model;
  const { maxObjects } = engine.bundle.manifest.dims;
  let n = 0;
  const encodeMs = await medianMsAsync(() => engine.encodeImageAsync(`img${n++}`, image), 1); // a new key: no cache hit
  await engine.encodeImageAsync('img', image);
  const decodeAsync = async (prompts: ObjectPrompt[]) => {
    const r = await engine.decodeAsync('img', prompts);
    if (r.status !== 'done') throw new Error('cancelled');
  };
  const clickMs = await medianMsAsync(() => decodeAsync([click(250, 120)]), runs);
  const textMs = await medianMsAsync(() => decodeAsync([{ text: 'a person' }]), runs);
  const many = Array.from({ length: objects }, (_, i) => click(60 + i * 100, 300));
  const manyMs = await medianMsAsync(() => decodeAsync(many), runs);
  return { name: `${basename(dir)} (${layout}, ${maxObjects} per run)`, encodeMs, clickMs, textMs, manyMs };
};

const results = [];
for (const dir of dirs) results.push(await measureAsync(dir));
const base = results[0] as (typeof results)[number];
console.log(`\nastronaut.png ${image.width}×${image.height}, onnxruntime-node 1 thread, median of ${runs}\n`);
console.log(`bundle                                          encode ms   click ms   text ms   ${objects} objects ms   click/encode`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(46)} ${fmt(r.encodeMs).padStart(10)} ${fmt(r.clickMs).padStart(10)} ${fmt(r.textMs).padStart(9)} ${fmt(r.manyMs).padStart(14)} ${fmt(r.clickMs / r.encodeMs, 2).padStart(13)}`,
  );
}
for (const r of results.slice(1)) {
  console.log(
    `\n${r.name} vs ${base.name}: click ${fmt(r.clickMs / base.clickMs, 2)}×, text ${fmt(r.textMs / base.textMs, 2)}×, ${objects} objects ${fmt(r.manyMs / base.manyMs, 2)}×`,
  );
}
