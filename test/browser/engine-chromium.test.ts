/**
 * The engine in headless Chromium through the built UI worker (data: URL worker,
 * onnxruntime-web wasm served by the model host), plus a WebGPU correctness smoke
 * test on SwiftShader (software: tiny input, correctness only, never timings).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { EMBEDDED_BUNDLES, startHostAsync, type RunningHost } from '../../model-host/server/serve';
import { DEMO_BUNDLE_ID } from '../../model-host/fixture-bundle/write-bundle';
import { ensureDemoBundleAsync } from '../helpers/node-engine';
import { launchChromiumAsync } from './chromium';
import { serveHarnessAsync } from './harness-build';
import type { HarnessConfig } from './engine-harness';

let host: RunningHost;
let pages: Awaited<ReturnType<typeof serveHarnessAsync>>;
let browser: Browser;

before(async () => {
  await ensureDemoBundleAsync();
  host = await startHostAsync({ port: 0, roots: [EMBEDDED_BUNDLES] });
  pages = await serveHarnessAsync('test/browser/engine-harness.ts');
  browser = await launchChromiumAsync({ webgpu: true });
});
after(async () => {
  await browser?.close();
  await pages?.close();
  await host?.close();
});

const runAsync = async (config: Partial<HarnessConfig>): Promise<Record<string, unknown>> => {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requested: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requested.push(r.url()));
  try {
    await page.goto(pages.url);
    const full: HarnessConfig = {
      host: host.url,
      modelId: DEMO_BUNDLE_ID,
      wasmUrl: `${host.url}/v1/runtime/ort-wasm-simd-threaded.jsep.wasm`,
      backend: 'wasm',
      allowFallbackAdapter: false,
      width: 320,
      height: 256,
      full: true,
      encoder: 'local',
      ...config,
    };
    const result = await page.evaluate((c) => (globalThis as unknown as { runHarness: (c: unknown) => Promise<Record<string, unknown>> }).runHarness(c), full);
    assert.deepEqual(errors, []);
    return { ...result, requested };
  } finally {
    await page.close();
  }
};

describe('engine in Chromium (built worker)', () => {
  let wasm: Record<string, unknown>;

  it('wasm: click, text, segment everything, reference, latest-only', { timeout: 120_000 }, async () => {
    wasm = await runAsync({ backend: 'wasm' });
    assert.equal(wasm.backend, 'wasm');
    assert.ok((wasm.clickIou as number) >= 0.95, `click IoU ${String(wasm.clickIou)}`);
    assert.equal(wasm.clickCategory, 'red');
    assert.ok((wasm.textIou as number) >= 0.95, `text IoU ${String(wasm.textIou)}`);
    assert.deepEqual(wasm.segments, ['blue', 'green', 'red']);
    assert.ok((wasm.referenceIou as number) >= 0.95, `reference IoU ${String(wasm.referenceIou)}`);
    const burst = wasm.burst as string[];
    // Every request resolves (none hangs) and the newest always runs; how many older ones
    // are dropped depends on timing (the Node tests pin the dropping down exactly).
    assert.equal(burst.length, 30);
    assert.equal(burst.at(-1), 'done');
    assert.ok(burst.every((s) => s === 'done' || s === 'cancelled'));
  });

  it('remote encoder mode (KServe v2 on the model host) gives the same masks as local', { timeout: 120_000 }, async () => {
    const remote = await runAsync({ backend: 'wasm', encoder: 'remote' });
    assert.equal(remote.encoder, 'remote');
    // The image encoder is the bulk of a bundle (268 MB for SEEM Focal-T); remote mode never downloads it.
    assert.ok(
      (wasm.requested as string[]).some((u) => u.includes('/files/image_encoder.onnx')),
      'local mode fetches the encoder',
    );
    assert.deepEqual(
      (remote.requested as string[]).filter((u) => u.includes('image_encoder.onnx')),
      [],
    );
    const a = remote.clickLogits as number[];
    const b = wasm.clickLogits as number[];
    assert.equal(a.length, b.length);
    assert.ok(Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number)))) < 1e-4);
    assert.deepEqual(remote.segments, wasm.segments);
    assert.equal(remote.textIou, wasm.textIou);
  });

  it('undecodable or empty image bytes → a clear error from the UI decoder', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(pages.url);
      const errors = await page.evaluate(() => (globalThis as unknown as { decodeErrors: () => Promise<string[]> }).decodeErrors());
      assert.match(errors[0] ?? '', /the image is empty \(0 bytes\)/);
      assert.match(errors[1] ?? '', /not a PNG, JPEG or GIF file/);
      assert.match(errors[2] ?? '', /the PNG data is corrupt or unsupported/);
    } finally {
      await page.close();
    }
  });

  it('auto on SwiftShader: refuses the software adapter and says why', { timeout: 120_000 }, async () => {
    const auto = await runAsync({ backend: 'auto', full: false, width: 64, height: 64 });
    assert.equal(auto.backend, 'wasm');
    assert.match(auto.reason as string, /software fallback|no WebGPU adapter|exposes no WebGPU/);
  });

  it('WebGPU smoke test on SwiftShader (tiny input) agrees with wasm', { timeout: 180_000 }, async () => {
    const gpu = await runAsync({ backend: 'webgpu', allowFallbackAdapter: true, full: false, width: 64, height: 64 });
    const ref = await runAsync({ backend: 'wasm', full: false, width: 64, height: 64 });
    assert.equal(gpu.backend, 'webgpu', `reason: ${String(gpu.reason)}`);
    const a = gpu.clickLogits as number[];
    const b = ref.clickLogits as number[];
    assert.equal(a.length, b.length);
    const maxDiff = Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))));
    assert.ok(maxDiff < 1e-3, `max |Δ| ${maxDiff}`);
  });
});
