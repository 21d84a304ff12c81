/**
 * Runs a converted bundle's graphs in onnxruntime-node through the project's own engine code
 * (the bundle loader: sha256 + tensor contract; OrtRuntime) on inputs written by the pytest
 * parity test, chaining encoder → visual_prompt → prompt_decoder (v0) or query_decoder's object,
 * grounding and spatial runs (v1), and text_encoder, as the engine does, and writes every output back
 * for comparison with PyTorch.
 *   node --import tsx parity_run.ts <bundle> <in-dir> <out-dir>
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { fsBundleSource } from '../../bundles-fs';
import { loadBundleAsync } from '../../../ui/engine/bundle/load-bundle';
import type { Feeds, OrtModule, Tensor } from '../../../ui/engine/ort-types';
import {
  emptyVisual,
  groundingRun,
  memoryRun,
  objectRun,
  objectsWithPoints,
  runFeeds,
  spatialRun,
  trimVisual,
  usedPoints,
  type MemoryStates,
  type QueryRun,
  type VisualTokens,
} from '../../../ui/engine/query-runs';
import { OrtRuntime } from '../../../ui/engine/runtime';

type Index = Record<string, { dims: number[]; dtype: 'float32' | 'int64' }>;

const [bundleDir, inDir, outDir] = process.argv.slice(2) as [string, string, string];
const index = JSON.parse(await readFile(join(inDir, 'index.json'), 'utf8')) as Index;
const input = async (name: string): Promise<Tensor> => {
  const spec = index[name];
  if (!spec) throw new Error(`input ${name} missing`);
  const buf = await readFile(join(inDir, `${name}.bin`));
  const bytes = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return spec.dtype === 'int64' ? new ort.Tensor('int64', new BigInt64Array(bytes), spec.dims) : new ort.Tensor('float32', new Float32Array(bytes), spec.dims);
};

const runtime = new OrtRuntime({ ort: ort as unknown as OrtModule, backend: 'cpu' });
const bundle = await loadBundleAsync(fsBundleSource(bundleDir), runtime);
if (!bundle.encoder) throw new Error('the bundle was loaded without its image encoder');
const enc = await runtime.runAsync(bundle.encoder, { image: await input('image') });
const pick = (names: string[]): Feeds => Object.fromEntries(names.map((n) => [n, enc[n] as Tensor]));
const vis = await runtime.runAsync(bundle.visual, {
  ...pick(bundle.visualTakes),
  point_coords: await input('point_coords'),
  point_labels: await input('point_labels'),
});
const f32 = (data: Float32Array, dims: readonly number[]): Tensor => new ort.Tensor('float32', data, dims);
const dec: Record<string, Tensor> = {};
if (bundle.manifest.model.layout === 'v1') {
  // query_decoder: the three runs the engine makes (query-runs.ts), each written as split.<run>.<output>.
  const { hidden: C, queries: Q, memoryTokens, decoderLayers } = bundle.manifest.dims;
  const raw = (t: Tensor) => ({ data: t.data as Float32Array, dims: [...t.dims] });
  const full: VisualTokens = { tokens: raw(vis.tokens as Tensor), pos_valid: raw(vis.pos_valid as Tensor), neg_valid: raw(vis.neg_valid as Tensor) };
  // the engine decodes as many objects as were prompted (slots 0…), not the graph's maximum
  const objects = Math.max(1, objectsWithPoints([full], full.pos_valid.dims[1] as number));
  const points = usedPoints(full, objects);
  const prevIn = await input('prev_mask');
  const [, , h, w] = prevIn.dims as [number, number, number, number];
  const prev = f32((prevIn.data as Float32Array).slice(0, objects * h * w), [1, objects, h, w]);
  const noPrev = f32(new Float32Array(h * w).fill(-20), [1, 1, h, w]);
  const textIn = await input('text_tokens');
  const validIn = (await input('text_valid')).data as Float32Array;
  const t = validIn.reduce((a, v) => a + v, 0);
  const hasPrev = ((await input('has_prev')).data as Float32Array)[0] === 1;
  const withPoints = objectsWithPoints([full], objects);
  const noText = (): [Tensor, Tensor] => [f32(new Float32Array(0), [1, 0, C]), f32(new Float32Array(0), [1, 0])];
  const runOnce = async (run: QueryRun, spatial: VisualTokens, reference: VisualTokens, textTokens: Tensor, textValid: Tensor, prevMask: Tensor) => {
    const feeds: Feeds = {
      ...pick(bundle.decoderTakes),
      text_tokens: textTokens,
      text_valid: textValid,
      prev_mask: prevMask,
      vocab_embeddings: await input('vocab_embeddings'),
    };
    // the run's own feeds exactly as the engine builds them (query-runs.ts runFeeds)
    const own = runFeeds(run, { spatial, reference }, { hidden: C, decoderLayers });
    for (const [k, t] of Object.entries(own.float)) feeds[k] = f32(t.data, t.dims);
    for (const [k, t] of Object.entries(own.int64)) feeds[k] = new ort.Tensor('int64', t.data, t.dims);
    return runtime.runAsync(bundle.decoder, feeds);
  };
  // As the engine: with memory, a memory run first, whose memory_out the spatial run takes as keys.
  let known: MemoryStates | undefined;
  if (hasPrev) {
    const mem = memoryRun(memoryTokens, withPoints);
    const out = await runOnce(mem, emptyVisual(C), emptyVisual(C), ...noText(), prev);
    known = { states: out.memory_out?.data as Float32Array, count: memoryTokens, objects: mem.memoryObject };
  }
  const runs: [string, QueryRun, VisualTokens, VisualTokens, Tensor, Tensor, Tensor][] = [
    ['object', objectRun(Q), emptyVisual(C), emptyVisual(C), f32(new Float32Array(0), [1, 0, C]), f32(new Float32Array(0), [1, 0]), noPrev],
    [
      'grounding',
      groundingRun(Q),
      emptyVisual(C),
      emptyVisual(C),
      f32((textIn.data as Float32Array).slice(0, t * C), [1, t, C]),
      f32(validIn.slice(0, t), [1, t]),
      noPrev,
    ],
    [
      'spatial',
      spatialRun(objects, memoryTokens, withPoints, hasPrev, known),
      trimVisual(full, objects, points),
      emptyVisual(C, objects, points),
      ...noText(),
      prev,
    ],
  ];
  for (const [name, run, spatial, reference, textTokens, textValid, prevMask] of runs) {
    for (const [k, v] of Object.entries(await runOnce(run, spatial, reference, textTokens, textValid, prevMask)))
      if (k !== 'memory_out') dec[`${name}.${k}`] = v;
  }
} else {
  const feeds: Feeds = { ...pick(bundle.decoderTakes) };
  for (const [k, t] of Object.entries(vis)) {
    feeds[`spatial_${k}`] = t;
    feeds[`reference_${k}`] = f32(new Float32Array((t.data as Float32Array).length), t.dims);
  }
  for (const k of ['text_tokens', 'text_valid', 'text_eot', 'prev_mask', 'has_prev', 'vocab_embeddings']) feeds[k] = await input(k);
  // as the engine: only the inputs the graph declares (v0 reads no summary, EOT or memory)
  const declared = new Set(bundle.decoder.inputNames);
  Object.assign(dec, await runtime.runAsync(bundle.decoder, Object.fromEntries(Object.entries(feeds).filter(([n]) => declared.has(n)))));
}
const text = await runtime.runAsync(bundle.text, { input_ids: await input('input_ids') });

await mkdir(outDir, { recursive: true });
const outIndex: Index = {};
for (const [group, outputs] of [
  ['encoder', enc],
  ['visual', vis],
  [bundle.manifest.model.layout === 'v1' ? 'split' : 'decoder', dec],
  ['text', text],
] as const) {
  for (const [name, t] of Object.entries(outputs)) {
    const key = `${group}.${name}`;
    outIndex[key] = { dims: [...t.dims], dtype: 'float32' };
    const data = t.data as Float32Array;
    await writeFile(join(outDir, `${key}.bin`), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
}
await writeFile(join(outDir, 'index.json'), JSON.stringify(outIndex));
