/**
 * Precision variants from `npm run convert -- --precision fp32,fp16,q8f16,int8` (tiny config, random weights): the
 * bundle lists them, a load fetches one precision's files only, each variant runs in onnxruntime-node and
 * onnxruntime-web's wasm and answers a click, a box, a text and segment everything as the float32 graphs do
 * (test/helpers/agreement.ts). `--add-precision` adds variants to a bundle converted earlier.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import * as ortWeb from 'onnxruntime-web';
import { fsBundleSource } from '../../model-host/bundles-fs';
import { loadBundleAsync } from '../../ui/engine/bundle/load-bundle';
import { parseManifest, type BundleManifest } from '../../contracts/bundle-manifest';
import { downloadBytes, precisionsOf } from '../../contracts/bundle-precision';
import { SeemEngine } from '../../ui/engine/engine';
import { OrtRuntime } from '../../ui/engine/runtime';
import { agreementAsync } from '../helpers/agreement';
import { convertRandomInit } from '../helpers/convert';
import { fixture } from '../helpers/image-files';
import { nodeRuntime } from '../helpers/node-engine';
import { recording } from '../helpers/recording-source';

let dir: string;
let out: string;
let manifest: BundleManifest;
const PRECISIONS = ['fp32', 'fp16', 'q8f16', 'int8'];
const IMAGES = [
  { name: 'horse', image: fixture('horse.png'), text: 'horse' },
  { name: 'astronaut', image: fixture('astronaut.png'), text: 'person' },
];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seem-precision-'));
  out = join(dir, 'bundle');
  const stdout = convertRandomInit(out, ['--config', 'tiny', '--layout', 'v1', '--precision', PRECISIONS.join(',')]);
  assert.match(stdout, /fp32, fp16, q8f16, int8 each checked by the engine's loader/);
  manifest = parseManifest(JSON.parse(await readFile(join(out, 'seem.json'), 'utf8')));
});
after(() => rm(dir, { recursive: true, force: true }));

const engineAsync = async (precision: string, runtime = nodeRuntime(), read?: string[]) => {
  const source = read ? recording(fsBundleSource(out), read) : fsBundleSource(out);
  return new SeemEngine(runtime, await loadBundleAsync(source, runtime, undefined, 'local', () => precision));
};

it('seem.json lists every precision; int8 and q8f16 download under 45 % of fp32', () => {
  assert.deepEqual(precisionsOf(manifest), PRECISIONS);
  for (const v of manifest.variants ?? []) {
    assert.deepEqual(
      v.graphs.map((g) => g.graph),
      ['image_encoder.onnx', 'query_decoder.onnx', 'text_encoder.onnx'],
      `${v.precision}: visual_prompt stays float32`,
    );
  }
  for (const p of ['int8', 'q8f16']) assert.ok(downloadBytes(manifest, p) < 0.45 * downloadBytes(manifest, 'fp32'), p);
});

it('a load reads its own precision only', async () => {
  const read: string[] = [];
  const engine = await engineAsync('int8', nodeRuntime(), read);
  assert.equal(engine.bundle.precision, 'int8');
  assert.deepEqual(read.filter((f) => f.endsWith('.onnx')).sort(), [
    'image_encoder.int8.onnx',
    'query_decoder.int8.onnx',
    'text_encoder.int8.onnx',
    'visual_prompt.onnx',
  ]);
});

for (const precision of PRECISIONS.slice(1)) {
  it(`${precision} answers as fp32 does (onnxruntime-node): chosen-mask IoU ≥ 0.97, same class and query`, { timeout: 120_000 }, async () => {
    const rows = await agreementAsync(await engineAsync('fp32'), await engineAsync(precision), IMAGES);
    for (const r of rows) {
      assert.ok(r.iou >= 0.97, `${r.image} ${r.prompt}: IoU ${r.iou.toFixed(3)}`);
      if (r.prompt !== 'everything') assert.ok(r.sameQuery && r.sameClass === 1, `${r.image} ${r.prompt}: same query and class`);
    }
  });
}

it('int8 and q8f16 run in onnxruntime-web wasm (the plugin’s fallback) and agree there too', { timeout: 120_000 }, async () => {
  ortWeb.env.wasm.numThreads = 1;
  const web = () => new OrtRuntime({ ort: ortWeb, backend: 'wasm' });
  for (const precision of ['int8', 'q8f16']) {
    const rows = await agreementAsync(await engineAsync('fp32', web()), await engineAsync(precision, web()), IMAGES.slice(0, 1));
    for (const r of rows) assert.ok(r.iou >= 0.97, `${precision} ${r.image} ${r.prompt}: IoU ${r.iou.toFixed(3)}`);
  }
});

it('--add-precision adds variants to a float32 bundle converted earlier', { timeout: 120_000 }, async () => {
  const plain = join(dir, 'plain');
  await cp(out, plain, { recursive: true });
  const m = structuredClone(manifest);
  delete m.variants;
  for (const v of manifest.variants ?? []) for (const g of v.graphs) await unlink(join(plain, g.file));
  m.files = m.files.filter((f) => !f.name.match(/\.(fp16|q8f16|int8)\.onnx$/));
  await writeFile(join(plain, 'seem.json'), JSON.stringify(m));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'model-host/convert-cli.ts', '--add-precision', 'int8', '--out', plain], {
    cwd: join(import.meta.dirname, '../..'),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const added = parseManifest(JSON.parse(await readFile(join(plain, 'seem.json'), 'utf8')));
  assert.deepEqual(precisionsOf(added), ['fp32', 'int8']);
  const runtime = nodeRuntime();
  const engine = new SeemEngine(runtime, await loadBundleAsync(fsBundleSource(plain), runtime, undefined, 'local', () => 'int8'));
  assert.equal(engine.bundle.precision, 'int8');
});
