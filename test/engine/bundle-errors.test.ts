/** Bad bundles and bad input: clear, specific errors, and no session kept. */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fsBundleSource } from '../../model-host/bundles-fs';
import { generateDemoBundle, writeBundle } from '../../model-host/fixture-bundle/write-bundle';
import { encodeModel } from '../../model-host/onnx/onnx-model';
import { GraphBuilder } from '../../model-host/onnx/graph-builder';
import { chooseBackendAsync } from '../../ui/engine/backend';
import { loadEngineAsync } from '../../ui/engine/load-engine';
import { loadBundleAsync, sha256Async } from '../../ui/engine/bundle/load-bundle';
import { BundleError } from '../../contracts/bundle-manifest';
import { SeemEngine } from '../../ui/engine/engine';
import { ImageInputError } from '../../ui/engine/preprocess';
import { DEMO_DIR, ensureDemoBundleAsync, nodeRuntime } from '../helpers/node-engine';

let dir: string;

const copyBundle = async (name: string): Promise<string> => {
  const d = join(dir, name);
  await cp(DEMO_DIR, d, { recursive: true });
  return d;
};
const editManifest = async (d: string, edit: (m: Record<string, unknown>) => void): Promise<void> => {
  const m = JSON.parse(await readFile(join(d, 'seem.json'), 'utf8')) as Record<string, unknown>;
  edit(m);
  await writeFile(join(d, 'seem.json'), JSON.stringify(m));
};
const load = (d: string) => loadBundleAsync(fsBundleSource(d), nodeRuntime());

before(async () => {
  await ensureDemoBundleAsync();
  dir = await mkdtemp(join(tmpdir(), 'seem-bundles-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('bundle loading errors', () => {
  it('a tampered file (sha256) → a clear error naming it, and no session', async () => {
    const d = await copyBundle('tampered');
    const bytes = await readFile(join(d, 'prompt_decoder.onnx'));
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
    await writeFile(join(d, 'prompt_decoder.onnx'), bytes);
    let created = 0;
    const runtime = nodeRuntime();
    const original = runtime.createSessionAsync.bind(runtime);
    runtime.createSessionAsync = (n, b) => {
      created++;
      return original(n, b);
    };
    await assert.rejects(
      loadBundleAsync(fsBundleSource(d), runtime),
      (e: Error) => e instanceof BundleError && /prompt_decoder\.onnx: sha256 [0-9a-f]+ does not match/.test(e.message),
    );
    assert.equal(created, 0, 'files are verified before any session is created');
  });

  it('a size mismatch names the file', async () => {
    const d = await copyBundle('truncated');
    const bytes = await readFile(join(d, 'text_encoder.onnx'));
    await writeFile(join(d, 'text_encoder.onnx'), bytes.subarray(0, 100));
    await assert.rejects(load(d), /text_encoder\.onnx: 100 bytes, seem\.json says \d+/);
  });

  it('an unknown format version', async () => {
    const d = await copyBundle('v3');
    await editManifest(d, (m) => (m.formatVersion = 3));
    await assert.rejects(load(d), /unsupported bundle format version 3 \(this SEEM Cutout reads version 2\)/);
  });

  it('format 1 still loads, as a combined decoder; a split v0 bundle is refused', async () => {
    for (const layout of ['v0', 'v1']) {
      const d = await copyBundle(`format1-${layout}`);
      await editManifest(d, (m) => {
        m.formatVersion = 1;
        (m.model as Record<string, unknown>).layout = layout;
        delete (m.model as Record<string, unknown>).decoder;
        delete (m.dims as Record<string, unknown>).memoryTokens;
      });
      const loaded = await load(d);
      assert.equal(loaded.manifest.formatVersion, 2);
      assert.equal(loaded.manifest.model.decoder, 'combined');
    }
    const d = await copyBundle('split-v0');
    await editManifest(d, (m) => ((m.model as Record<string, unknown>).decoder = 'split'));
    await assert.rejects(load(d), /a v0 bundle cannot have a split decoder/);
  });

  it('a missing tokenizer', async () => {
    const d = await copyBundle('no-tokenizer');
    await editManifest(d, (m) => (m.files = (m.files as { name: string }[]).filter((f) => f.name !== 'tokenizer.json')));
    await assert.rejects(load(d), /file "tokenizer\.json" is missing from "files"/);
    const d2 = await copyBundle('tokenizer-gone');
    await rm(join(d2, 'tokenizer.json'));
    await assert.rejects(load(d2), /tokenizer\.json: could not be read/);
  });

  it('a graph whose inputs do not match the contract', async () => {
    const d = await copyBundle('bad-graph');
    const b = new GraphBuilder('wrong');
    b.op('Identity', ['image'], undefined, 'features');
    const bad = encodeModel(
      b.build([{ name: 'image', dtype: 'float32', shape: [1, 3, 'H', 'W'] }], [{ name: 'features', dtype: 'float32', shape: [1, 3, 'H', 'W'] }]),
    );
    await writeFile(join(d, 'image_encoder.onnx'), bad);
    await editManifest(d, (m) => {
      const f = (m.files as { name: string; bytes: number; sha256: string }[]).find((x) => x.name === 'image_encoder.onnx');
      if (f) f.bytes = bad.length;
    });
    const sha = await sha256Async(bad);
    await editManifest(d, (m) => {
      const f = (m.files as { name: string; sha256: string }[]).find((x) => x.name === 'image_encoder.onnx');
      if (f) f.sha256 = sha;
    });
    await assert.rejects(load(d), /image_encoder\.onnx: output "mask_features" is missing/);
  });

  it('the generator is deterministic', () => {
    const a = generateDemoBundle();
    const b = generateDemoBundle();
    assert.deepEqual(a.manifest, b.manifest);
  });

  it('writes a bundle that loads', async () => {
    const d = join(dir, 'fresh');
    await writeBundle(d, generateDemoBundle());
    const bundle = await load(d);
    assert.equal(bundle.manifest.model.demo, true);
  });
});

describe('engine input errors', () => {
  it('a 0×0 image → ImageInputError, an unencoded image → EngineError', async () => {
    const runtime = nodeRuntime();
    const engine = new SeemEngine(runtime, await loadBundleAsync(fsBundleSource(DEMO_DIR), runtime));
    await assert.rejects(
      engine.encodeImageAsync('empty', { width: 0, height: 0, data: new Uint8ClampedArray(0) }),
      (e: Error) => e instanceof ImageInputError && /empty \(0×0\)/.test(e.message),
    );
    await assert.rejects(engine.decodeAsync('never', [{ visual: [] }]), /image "never" is not encoded/);
  });
});

describe('backend fallback', () => {
  it('a backend that cannot load the model falls back, and the reason says why', async () => {
    const ort = await import('onnxruntime-node');
    // onnxruntime-node's CPU build has no WebGPU provider: loading on "webgpu" fails like a broken GPU would.
    const loaded = await loadEngineAsync(ort, fsBundleSource(DEMO_DIR), { backend: 'webgpu', reason: 'WebGPU on test adapter' }, 'cpu');
    assert.equal(loaded.backend, 'cpu');
    assert.match(loaded.reason, /^webgpu failed \(could not load image_encoder\.onnx on webgpu: [\s\S]+\): using cpu; fp32$/);
    assert.equal(loaded.engine.categories.at(-1), 'background');
  });
});

describe('backend choice', () => {
  const gpu = (adapter: unknown, fail = false) =>
    ({ requestAdapter: () => (fail ? Promise.reject(new Error('device lost')) : Promise.resolve(adapter)) }) as never;
  it('WebGPU only with a real adapter; otherwise WASM with the reason', async () => {
    assert.deepEqual(
      await chooseBackendAsync({ gpu: gpu({ info: { vendor: 'nvidia', architecture: 'hopper', isFallbackAdapter: false } }), isSecureContext: true }, 'auto'),
      { backend: 'webgpu', reason: 'WebGPU on nvidia hopper', shaderF16: false },
    );
    const f16 = { info: { vendor: 'apple', architecture: 'metal-3', isFallbackAdapter: false }, features: new Set(['shader-f16']) };
    assert.equal((await chooseBackendAsync({ gpu: gpu(f16), isSecureContext: true }, 'auto')).shaderF16, true);
    const soft = await chooseBackendAsync(
      { gpu: gpu({ info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } }), isSecureContext: true },
      'auto',
    );
    assert.equal(soft.backend, 'wasm');
    assert.match(soft.reason, /software fallback \(google swiftshader\)/);
    assert.match(
      (await chooseBackendAsync({ gpu: undefined, isSecureContext: true }, 'webgpu')).reason,
      /WebGPU was asked for but this browser exposes no WebGPU/,
    );
    assert.match((await chooseBackendAsync({ gpu: gpu(null), isSecureContext: false }, 'auto')).reason, /not a secure context/);
    assert.match((await chooseBackendAsync({ gpu: gpu(null, true), isSecureContext: true }, 'auto')).reason, /requesting a WebGPU adapter failed/);
    assert.equal((await chooseBackendAsync({ gpu: undefined, isSecureContext: true }, 'wasm')).backend, 'wasm');
  });
});
