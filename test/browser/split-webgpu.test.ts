/**
 * A split-decoder (v1) bundle on WebGPU in Chromium (SwiftShader: correctness only) answers a click, a second
 * round with prepared memory, text and segment everything as WASM does — the split runs pass zero-sized
 * tensors (no text, no memory tokens) that every backend must take.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startHostAsync, type RunningHost } from '../../model-host/server/serve';
import { convertRandomInit } from '../helpers/convert';
import { launchChromiumAsync } from './chromium';
import { serveHarnessAsync } from './harness-build';

let dir: string;
let host: RunningHost;
let pages: Awaited<ReturnType<typeof serveHarnessAsync>>;
let browser: Browser;
const ID = 'split-webgpu-test';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seem-split-webgpu-'));
  convertRandomInit(join(dir, ID), ['--config', 'tiny', '--layout', 'v1', '--max-points', '16', '--id', ID]);
  host = await startHostAsync({ port: 0, roots: [dir] });
  pages = await serveHarnessAsync('test/browser/split-harness.ts');
  browser = await launchChromiumAsync({ webgpu: true });
});
after(async () => {
  await browser?.close();
  await pages?.close();
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

type SplitResult = { backend: string; reason: string; masks: Record<string, number[]>; segments: number };

const runAsync = async (backend: 'webgpu' | 'wasm'): Promise<SplitResult> => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(pages.url);
    const r = await page.evaluate((c) => (globalThis as unknown as { runSplit: (c: unknown) => Promise<SplitResult> }).runSplit(c), {
      host: host.url,
      modelId: ID,
      wasmUrl: `${host.url}/v1/runtime/ort-wasm-simd-threaded.jsep.wasm`,
      backend,
    });
    assert.deepEqual(errors, []);
    return r;
  } finally {
    await page.close();
  }
};

it('WebGPU (SwiftShader) runs the split decoder as WASM does: click, round 2 with memory, text, everything', { timeout: 300_000 }, async () => {
  const gpu = await runAsync('webgpu');
  assert.equal(gpu.backend, 'webgpu', gpu.reason);
  const cpu = await runAsync('wasm');
  assert.deepEqual(Object.keys(gpu.masks).sort(), ['click', 'round2', 'text']);
  for (const [name, mask] of Object.entries(cpu.masks)) {
    const other = gpu.masks[name] ?? [];
    assert.equal(other.length, mask.length, name);
    const agree = mask.filter((v, i) => v > 0 === (other[i] ?? 0) > 0).length / mask.length;
    assert.ok(agree > 0.99, `${name}: inside/outside agree on ${agree}`);
  }
  assert.equal(gpu.segments, cpu.segments);
});
