/**
 * Runs a converted bundle's graphs in onnxruntime-node through the project's own engine code
 * (the bundle loader: sha256 + tensor contract; OrtRuntime) on inputs written by the pytest
 * parity test, chaining encoder → visual_prompt → prompt_decoder and text_encoder as the engine
 * does, and writes every output back for comparison with PyTorch.
 *   node --import tsx parity_run.ts <bundle> <in-dir> <out-dir>
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { fsBundleSource } from '../../bundles-fs';
import { loadBundleAsync } from '../../../ui/engine/bundle/load-bundle';
import type { Feeds, OrtModule, Tensor } from '../../../ui/engine/ort-types';
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
const enc = await runtime.runAsync(bundle.encoder, { image: await input('image') });
const pick = (names: string[]): Feeds => Object.fromEntries(names.map((n) => [n, enc[n] as Tensor]));
const vis = await runtime.runAsync(bundle.visual, { ...pick(bundle.visualTakes), point_coords: await input('point_coords'), point_labels: await input('point_labels') });
const feeds: Feeds = { ...pick(bundle.decoderTakes) };
for (const [k, t] of Object.entries(vis)) {
  feeds[`spatial_${k}`] = t;
  feeds[`reference_${k}`] = new ort.Tensor('float32', new Float32Array((t.data as Float32Array).length), t.dims);
}
for (const k of ['text_tokens', 'text_valid', 'text_eot', 'prev_mask', 'has_prev', 'vocab_embeddings']) feeds[k] = await input(k);
const dec = await runtime.runAsync(bundle.decoder, feeds);
const text = await runtime.runAsync(bundle.text, { input_ids: await input('input_ids') });

await mkdir(outDir, { recursive: true });
const outIndex: Index = {};
for (const [group, outputs] of [['encoder', enc], ['visual', vis], ['decoder', dec], ['text', text]] as const) {
  for (const [name, t] of Object.entries(outputs)) {
    const key = `${group}.${name}`;
    outIndex[key] = { dims: [...t.dims], dtype: 'float32' };
    const data = t.data as Float32Array;
    await writeFile(join(outDir, `${key}.bin`), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
}
await writeFile(join(outDir, 'index.json'), JSON.stringify(outIndex));
