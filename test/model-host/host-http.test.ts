/** The model host over real HTTP on loopback: bundle serving, caching, ranges, safety, CORS, KServe v2. */
import { modelListSchema } from '../../contracts/host-api';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { DEMO_BUNDLE_ID } from '../../model-host/fixture-bundle/write-bundle';
import { encoderModelName } from '../../contracts/host-api';
import { decodeTensors, encodeBinaryBody, HEADER_LENGTH, inferResponseSchema, parseHeader } from '../../contracts/kserve';
import { runEncoderAsync } from '../../model-host/server/encoder-service';
import type { BundleEntry } from '../../model-host/server/registry';
import { startHostAsync, type RunningHost } from '../../model-host/server/serve';
import type { Float32Tensor } from '../../contracts/kserve';
import { sha256Async } from '../../ui/engine/bundle/load-bundle';
import { DEMO_DIR, ensureDemoBundleAsync } from '../helpers/node-engine';
import { jsonOf, rawRequest } from './http-client';

let root: string;
let host: RunningHost;
/** The real encoder, counted: how many runs overlap shows whether the limiter holds under load. */
const encoderRuns = { now: 0, max: 0 };
const countedEncoderAsync = async (entry: BundleEntry, image: Float32Tensor): Promise<Float32Tensor[]> => {
  encoderRuns.max = Math.max(encoderRuns.max, ++encoderRuns.now);
  try {
    return await runEncoderAsync(entry, image);
  } finally {
    encoderRuns.now--;
  }
};
const ID = DEMO_BUNDLE_ID;
const MODEL = encoderModelName(ID);

before(async () => {
  await ensureDemoBundleAsync();
  root = await mkdtemp(join(tmpdir(), 'seem-host-'));
  await cp(DEMO_DIR, join(root, ID), { recursive: true });
  // A bundle whose listed file is a symlink pointing out of the bundle.
  const evil = join(root, 'evil');
  await cp(DEMO_DIR, evil, { recursive: true });
  await writeFile(join(root, 'secret.txt'), 'not yours');
  const m = JSON.parse(await readFile(join(evil, 'seem.json'), 'utf8')) as { model: { id: string }; files: { name: string }[] };
  m.model.id = 'evil';
  await writeFile(join(evil, 'seem.json'), JSON.stringify(m));
  await rm(join(evil, 'tokenizer.json'));
  await symlink(join(root, 'secret.txt'), join(evil, 'tokenizer.json'));
  host = await startHostAsync({ port: 0, roots: [root], maxBodyBytes: 4 * 1024 * 1024, concurrency: 1, queue: 4, runEncoder: countedEncoderAsync });
});
after(async () => {
  await host?.close();
  await rm(root, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => rawRequest(host.url, path, { headers });

describe('model host: bundles', () => {
  it('lists models with id, variant, licence, total bytes and the download of each precision', async () => {
    const r = await get('/v1/models');
    assert.equal(r.status, 200);
    const list = modelListSchema.parse(jsonOf(r));
    const demo = list.models.find((x) => x.id === ID);
    assert.ok(demo && demo.totalBytes > 0 && demo.variant === 'demo-colour' && demo.licence.length > 0);
    assert.deepEqual(demo.precisions, [{ precision: 'fp32', bytes: demo.totalBytes }]);
  });

  it('serves seem.json and files byte for byte, with strong ETag = sha256', async () => {
    const manifest = jsonOf(await get(`/v1/models/${ID}/seem.json`)) as { files: { name: string; sha256: string }[] };
    const entry = manifest.files.find((f) => f.name === 'prompt_decoder.onnx');
    assert.ok(entry);
    const r = await get(`/v1/models/${ID}/files/prompt_decoder.onnx`);
    assert.equal(r.status, 200);
    assert.deepEqual(new Uint8Array(r.body), new Uint8Array(await readFile(join(DEMO_DIR, 'prompt_decoder.onnx'))));
    assert.equal(r.headers.etag, `"${entry.sha256}"`);
    assert.equal(await sha256Async(new Uint8Array(r.body)), entry.sha256);
    assert.equal(r.headers['cache-control'], 'no-cache');
    const addressed = await get(`/v1/models/${ID}/files/prompt_decoder.onnx?sha256=${entry.sha256}`);
    assert.match(addressed.headers['cache-control'] ?? '', /immutable/);
    const head = await rawRequest(host.url, `/v1/models/${ID}/files/prompt_decoder.onnx`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(Number(head.headers['content-length']), r.body.length);
  });

  it('If-None-Match → 304; Range → 206 with the right bytes; bad range → 416', async () => {
    const full = await get(`/v1/models/${ID}/files/text_encoder.onnx`);
    const etag = full.headers.etag ?? '';
    assert.equal((await get(`/v1/models/${ID}/files/text_encoder.onnx`, { 'If-None-Match': etag })).status, 304);
    const part = await get(`/v1/models/${ID}/files/text_encoder.onnx`, { Range: 'bytes=100-299' });
    assert.equal(part.status, 206);
    assert.deepEqual(part.body, full.body.subarray(100, 300));
    assert.equal(part.headers['content-range'], `bytes 100-299/${full.body.length}`);
    const tail = await get(`/v1/models/${ID}/files/text_encoder.onnx`, { Range: 'bytes=-10' });
    assert.deepEqual(tail.body, full.body.subarray(full.body.length - 10));
    assert.equal((await get(`/v1/models/${ID}/files/text_encoder.onnx`, { Range: `bytes=${full.body.length + 5}-` })).status, 416);
  });

  it('only files listed in seem.json are reachable: traversal and symlinks out → 404', async () => {
    for (const path of [
      `/v1/models/${ID}/files/..%2F..%2Fpackage.json`,
      `/v1/models/${ID}/files/%2e%2e%2fseem.json`,
      `/v1/models/${ID}/files/../seem.json`,
      `/v1/models/${ID}/files/%2Fetc%2Fpasswd`,
      `/v1/models/${ID}/files/seem.json`,
      `/v1/models/..%2F${ID}/files/tokenizer.json`,
      '/v1/models/evil/files/tokenizer.json',
    ]) {
      const r = await get(path);
      assert.equal(r.status, 404, path);
      assert.equal(typeof (jsonOf(r) as { error: unknown }).error, 'string', path);
    }
  });

  it('unknown model → 404 JSON', async () => {
    const r = await get('/v1/models/nope/seem.json');
    assert.equal(r.status, 404);
    assert.deepEqual(jsonOf(r), { error: 'unknown model "nope"' });
  });

  it('CORS works for Figma’s Origin: null, preflight included', async () => {
    const pre = await rawRequest(host.url, `/v2/models/${MODEL}/infer`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'null',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': `content-type, ${HEADER_LENGTH.toLowerCase()}`,
        'Access-Control-Request-Private-Network': 'true',
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], '*');
    assert.match(pre.headers['access-control-allow-methods'] ?? '', /POST/);
    assert.match(pre.headers['access-control-allow-headers'] ?? '', /inference-header-content-length/i);
    assert.equal(pre.headers['access-control-allow-private-network'], 'true');
    const r = await get('/v1/models', { Origin: 'null' });
    assert.equal(r.headers['access-control-allow-origin'], '*');
  });
});

const image = (h = 64, w = 64, value = 100) => ({ data: new Float32Array(3 * h * w).fill(value), dims: [1, 3, h, w] });
const infer = (body: Uint8Array, headers: Record<string, string> = {}) =>
  rawRequest(host.url, `/v2/models/${MODEL}/infer`, { method: 'POST', body, headers: { 'Content-Type': 'application/octet-stream', ...headers } });
const binaryRequest = (img = image(), extra: object = {}) => {
  const { body, headerLength } = encodeBinaryBody(
    { inputs: [{ name: 'image', shape: img.dims, datatype: 'FP32', parameters: { binary_data_size: img.data.byteLength } }], ...extra },
    [img.data],
  );
  return { body, headers: { [HEADER_LENGTH]: String(headerLength) } };
};

describe('model host: KServe v2 remote encoder', () => {
  it('health, metadata', async () => {
    assert.deepEqual(jsonOf(await get('/v2/health/live')), { live: true });
    assert.deepEqual(jsonOf(await get('/v2/health/ready')), { ready: true });
    const meta = jsonOf(await get(`/v2/models/${MODEL}`)) as { inputs: { name: string }[]; platform: string };
    assert.equal(meta.inputs[0]?.name, 'image');
    assert.equal(meta.platform, 'onnxruntime_onnx');
    assert.equal((await get('/v2/models/nope')).status, 404);
  });

  it('binary infer equals an in-process onnxruntime-node run (max |Δ| < 1e-5)', async () => {
    const img = image(96, 128);
    for (let i = 0; i < img.data.length; i++) img.data[i] = (i * 37) % 256;
    const { body, headers } = binaryRequest(img);
    const r = await infer(body, headers);
    assert.equal(r.status, 200, r.body.toString());
    const bytes = new Uint8Array(r.body);
    const { header, headerLength } = parseHeader(inferResponseSchema, bytes, Number(r.headers[HEADER_LENGTH.toLowerCase()]));
    const [features] = decodeTensors(header.outputs, bytes, headerLength);
    const session = await ort.InferenceSession.create(await readFile(join(DEMO_DIR, 'image_encoder.onnx')));
    const local = (await session.run({ image: new ort.Tensor('float32', img.data, img.dims) })).mask_features as ort.Tensor;
    assert.deepEqual(features?.dims, [...local.dims]);
    const l = local.data as Float32Array;
    let max = 0;
    features?.data.forEach((v, i) => (max = Math.max(max, Math.abs(v - (l[i] as number)))));
    assert.ok(max < 1e-5, `max |Δ| ${max}`);
  });

  it('JSON infer (no binary extension) works too', async () => {
    const img = image(32, 32, 10);
    const body = new TextEncoder().encode(JSON.stringify({ inputs: [{ name: 'image', shape: img.dims, datatype: 'FP32', data: Array.from(img.data) }] }));
    const r = await infer(body, { 'Content-Type': 'application/json' });
    assert.equal(r.status, 200);
    const res = inferResponseSchema.parse(jsonOf(r));
    assert.equal(res.outputs[0]?.name, 'mask_features');
    assert.deepEqual(res.outputs[0]?.shape, [1, 8, 8, 8]);
  });

  it('malformed, oversized, wrong-dtype, wrong-shape, NaN → 4xx JSON, no crash', async () => {
    const cases: [string, Promise<Awaited<ReturnType<typeof infer>>>, number, RegExp][] = [
      ['not JSON', infer(new TextEncoder().encode('{nope'), {}), 400, /not valid JSON/],
      ['header length outside the body', infer(new TextEncoder().encode('{}'), { [HEADER_LENGTH]: '999' }), 400, /outside the body/],
      [
        'wrong dtype',
        infer(new TextEncoder().encode(JSON.stringify({ inputs: [{ name: 'image', shape: [1], datatype: 'INT64', data: [1] }] }))),
        400,
        /datatype/,
      ],
      ['wrong shape', infer(binaryRequest(image(30, 64)).body, binaryRequest(image(30, 64)).headers), 400, /H = 30 must be a positive multiple of 32/],
      [
        'size mismatch',
        infer(
          new TextEncoder().encode(
            JSON.stringify({ inputs: [{ name: 'image', shape: [1, 3, 32, 32], datatype: 'FP32', parameters: { binary_data_size: 12 } }] }),
          ),
        ),
        400,
        /binary_data_size 12 does not match/,
      ],
      [
        'wrong input name',
        infer(new TextEncoder().encode(JSON.stringify({ inputs: [{ name: 'pixels', shape: [1], datatype: 'FP32', data: [1] }] }))),
        400,
        /takes one input "image"/,
      ],
      ['NaN', infer(binaryRequest(image(32, 32, Number.NaN)).body, binaryRequest(image(32, 32, Number.NaN)).headers), 400, /NaN/],
      ['oversized', infer(new Uint8Array(5 * 1024 * 1024), { [HEADER_LENGTH]: '2' }), 413, /over \d+ bytes/],
      ['unknown model', rawRequest(host.url, '/v2/models/nope/infer', { method: 'POST', body: new Uint8Array(2) }), 404, /unknown model/],
    ];
    for (const [name, pending, status, message] of cases) {
      const r = await pending;
      assert.equal(r.status, status, `${name}: ${r.body.toString().slice(0, 200)}`);
      assert.match((jsonOf(r) as { error: string }).error, message, name);
    }
    assert.equal((await get('/v2/health/live')).status, 200, 'still alive');
  });

  it('encoder runs held open: 1 runs, 2 wait, the rest get 503 + Retry-After at once; the queued ones run after', { timeout: 30_000 }, async () => {
    // The encoder is held open until the test lets go, so which requests are refused does
    // not depend on how fast a real encoder run is: exactly concurrency + queue are admitted.
    let entered = 0;
    let running = 0;
    let maxRunning = 0;
    let open = false;
    const held: (() => void)[] = [];
    let refused = 0;
    let wake = (): void => undefined;
    const progress = new Promise<void>((resolve) => (wake = resolve));
    const settledEnough = (): void => {
      // Either the refusals came (limiter working) or a second run started (no limit).
      if (refused === 3 || entered > 1) wake();
    };
    const gated = await startHostAsync({
      port: 0,
      roots: [root],
      concurrency: 1,
      queue: 2,
      runEncoder: async (_entry, img) => {
        entered++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        settledEnough();
        if (!open) await new Promise<void>((resolve) => held.push(resolve));
        running--;
        return [{ name: 'mask_features', dims: img.dims, data: img.data }];
      },
    });
    const { body, headers } = binaryRequest(image(32, 32));
    const pending = Array.from({ length: 6 }, () =>
      rawRequest(gated.url, `/v2/models/${MODEL}/infer`, { method: 'POST', body, headers }).then((r) => {
        if (r.status === 503) {
          refused++;
          settledEnough();
        }
        return r;
      }),
    );
    try {
      await progress;
      assert.equal(entered, 1, 'one run at a time while the first is held');
      assert.equal(refused, 3, 'six requests, one running and two waiting: three refused without waiting');
      open = true;
      for (const release of held.splice(0)) release();
      const results = await Promise.all(pending);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 200, 503, 503, 503]);
      for (const r of results) if (r.status === 503) assert.equal(r.headers['retry-after'], '1');
      assert.equal(entered, 3, 'the two queued requests ran after the first');
      assert.equal(maxRunning, 1);
    } finally {
      open = true;
      for (const release of held.splice(0)) release();
      await Promise.allSettled(pending);
      await gated.close();
    }
  });

  it(
    '200 concurrent infer requests: one encoder run at a time, only 200s and documented 503s, still answers, memory back near baseline',
    { timeout: 120_000 },
    async () => {
      const baseline = process.memoryUsage().rss;
      encoderRuns.max = 0;
      const { body, headers } = binaryRequest(image(256, 256));
      const results = await Promise.all(Array.from({ length: 200 }, () => infer(body, headers)));
      const statuses = results.map((r) => r.status);
      assert.ok(
        statuses.every((s) => s === 200 || s === 503),
        `statuses: ${[...new Set(statuses)].join(', ')}`,
      );
      assert.ok(statuses.includes(200), 'requests are served');
      // How many overflow the queue depends on the real encoder's speed; the held-open test above pins the 503 path.
      for (const r of results) if (r.status === 503) assert.equal(r.headers['retry-after'], '1');
      assert.equal(encoderRuns.max, 1, 'concurrency 1: encoder runs never overlapped');
      assert.equal((await get('/v2/health/ready')).status, 200);
      const after = process.memoryUsage().rss;
      assert.ok(after - baseline < 200 * 1024 * 1024, `rss grew ${((after - baseline) / 1e6).toFixed(0)} MB`);
    },
  );
});
