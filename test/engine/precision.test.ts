/** Which precision of a bundle's graphs runs (bundle/precision.ts), what a load fetches, and the manifest's variant rules. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BundleError, parseManifest, type BundleManifest } from '../../contracts/bundle-manifest';
import { choosePrecision, downloadBytes, graphFileFor, precisionsOf } from '../../contracts/bundle-precision';
import { generateDemoBundle } from '../../model-host/fixture-bundle/write-bundle';

const GRAPHS = ['image_encoder.onnx', 'query_decoder.onnx', 'text_encoder.onnx'];
const hash = (i: number) => i.toString(16).padStart(64, '0');

/** The demo manifest, as a split bundle whose three heavy graphs also come as `precisions`. */
const withVariants = (precisions: string[]): BundleManifest => {
  const m = structuredClone<BundleManifest>(generateDemoBundle().manifest);
  m.model.decoder = 'split';
  m.model.layout = 'v1';
  m.files = m.files.map((f, i) => ({ ...f, name: f.name === 'prompt_decoder.onnx' ? 'query_decoder.onnx' : f.name, bytes: 1000, sha256: hash(i) }));
  m.variants = precisions.map((precision) => ({ precision, graphs: GRAPHS.map((graph) => ({ graph, file: graph.replace('.onnx', `.${precision}.onnx`) })) }));
  for (const v of m.variants) for (const g of v.graphs) m.files.push({ name: g.file, bytes: 250, sha256: hash(m.files.length) });
  return parseManifest(JSON.parse(JSON.stringify(m)));
};

describe('precision variants', () => {
  const m = withVariants(['q8f16', 'int8', 'fp16']);

  it('auto: q8f16 on WebGPU with shader-f16, the base without it; int8 on WASM; the base on the CPU', () => {
    assert.equal(choosePrecision(m, 'webgpu', 'auto', true).precision, 'q8f16');
    const noF16 = choosePrecision(m, 'webgpu', 'auto', false);
    assert.equal(noF16.precision, 'fp32');
    assert.match(noF16.reason, /shader-f16/);
    assert.equal(choosePrecision(m, 'wasm', 'auto', false).precision, 'int8');
    assert.equal(choosePrecision(m, 'cpu', 'auto', false).precision, 'fp32');
    assert.equal(choosePrecision(withVariants(['fp16']), 'webgpu', 'auto', true).precision, 'fp16');
    assert.equal(choosePrecision(withVariants([]), 'wasm', 'auto', false).precision, 'fp32');
  });

  it('a precision asked for in settings is used, or refused with the ones the bundle has', () => {
    assert.equal(choosePrecision(m, 'wasm', 'fp32', false).precision, 'fp32');
    assert.equal(choosePrecision(m, 'wasm', 'fp16', false).precision, 'fp16');
    assert.throws(() => choosePrecision(withVariants(['int8']), 'wasm', 'fp16', false), /no fp16 graphs \(it has fp32, int8\)/);
    assert.throws(() => choosePrecision(m, 'webgpu', 'fp16', false), /shader-f16/);
  });

  it('a load fetches its own precision only: the variant files, never the base graphs they replace', () => {
    assert.deepEqual(precisionsOf(m), ['fp32', 'q8f16', 'int8', 'fp16']);
    assert.equal(graphFileFor(m, 'int8', 'image_encoder.onnx'), 'image_encoder.int8.onnx');
    assert.equal(graphFileFor(m, 'int8', 'visual_prompt.onnx'), 'visual_prompt.onnx');
    const base = m.files.filter((f) => !f.name.includes('.fp16.') && !f.name.includes('.q8f16.') && !f.name.includes('.int8.'));
    assert.equal(
      downloadBytes(m, 'fp32'),
      base.reduce((s, f) => s + f.bytes, 0),
    );
    // three graphs of 1000 bytes replaced by three of 250
    assert.equal(downloadBytes(m, 'int8'), downloadBytes(m, 'fp32') - 3 * 750);
  });

  it('seem.json: a variant naming a file it does not list, a non-graph, or a precision twice is refused', () => {
    const raw = JSON.parse(JSON.stringify(m)) as BundleManifest & { variants: NonNullable<BundleManifest['variants']> };
    const bad = (edit: (x: typeof raw) => void, message: RegExp) => {
      const x = structuredClone(raw);
      edit(x);
      assert.throws(
        () => parseManifest(x),
        (e: unknown) => e instanceof BundleError && message.test(e.message),
      );
    };
    bad((x) => (x.files = x.files.filter((f) => f.name !== 'image_encoder.int8.onnx')), /"image_encoder.int8.onnx" is missing from "files"/);
    bad((x) => x.variants[0]?.graphs.push({ graph: 'tokenizer.json', file: 'tokenizer.json' }), /"tokenizer.json", which is not a graph/);
    bad((x) => x.variants.push({ precision: 'fp32', graphs: [] }), /precision "fp32" is listed twice/);
  });
});
