/**
 * WebGPU coverage: every graph of a tiny v1 bundle (converted here) and of the demo bundle is created on
 * onnxruntime-web's WebGPU execution provider in Chromium (SwiftShader here) with verbose logging, and the test fails
 * on any node that moves float data between the GPU and the CPU on every run — an op without a WebGPU kernel in the
 * data path — naming the op and node. Shape arithmetic on int64 values, which the WebGPU provider leaves to the CPU by
 * design, and small values computed from shapes alone (position grids, masks) are not data-path copies
 * (test/helpers/placements.ts). A graph with such an op added is caught: the test builds one and checks.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { encodeModel } from '../../model-host/onnx/onnx-model';
import { GraphBuilder } from '../../model-host/onnx/graph-builder';
import { startHostAsync } from '../../model-host/server/serve';
import { graphFiles } from '../../contracts/bundle-manifest';
import { hostUrl, RUNTIME_WASM } from '../../contracts/host-routes';
import { convertRandomInit } from '../helpers/convert';
import { DEMO_DIR, ensureDemoBundleAsync } from '../helpers/node-engine';
import { isShapeUpload, type Copy } from '../helpers/placements';
import { launchChromiumAsync } from './chromium';
import { placeGraphsAsync, type GraphPlacement } from './placement-run';

/**
 * Known and accepted: visual_prompt turns each prompt point's sample position into int64 indices (≤ maxPoints values
 * per level), and WebGPU has no float → int64 Cast. Anything else fails.
 */
const ACCEPTED = (graph: string, c: Copy): boolean => graph === 'visual_prompt.onnx' && c.op === 'Cast' && c.direction === 'GPU→CPU';
const dataPathCopies = (p: GraphPlacement): Copy[] => p.copies.filter((c) => !isShapeUpload(c) && !ACCEPTED(p.name, c));
const describeCopies = (copies: Copy[]) => copies.map((c) => `${c.op} "${c.node}" (${c.direction}: ${c.tensor})`).join('; ');

let dir: string;
let browser: Browser;
let host: Awaited<ReturnType<typeof startHostAsync>>;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seem-webgpu-'));
  convertRandomInit(join(dir, 'tiny-v1'), ['--config', 'tiny', '--layout', 'v1', '--precision', 'fp32', '--id', 'tiny-v1']);
  await ensureDemoBundleAsync();
  host = await startHostAsync({ port: 0, roots: [dir] });
  browser = await launchChromiumAsync({ webgpu: true });
});
after(async () => {
  await browser.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const placeBundleAsync = async (bundleDir: string, decoder: 'split' | 'combined') =>
  placeGraphsAsync(
    browser,
    hostUrl(host.url, 'runtimeFile', { name: RUNTIME_WASM }),
    await Promise.all(graphFiles(decoder).map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(bundleDir, name))) }))),
  );

describe('WebGPU coverage', () => {
  for (const [label, bundle, decoder] of [
    ['a tiny v1 bundle (split decoder)', () => join(dir, 'tiny-v1'), 'split'],
    ['the demo bundle', () => DEMO_DIR, 'combined'],
  ] as const) {
    it(`${label}: every graph loads on WebGPU with no data-path GPU↔CPU copy`, { timeout: 300_000 }, async () => {
      const placed = await placeBundleAsync(bundle(), decoder);
      for (const p of placed) {
        assert.equal(p.error, null, `${p.name} does not load on WebGPU: ${p.error}`);
        assert.ok(p.gpuNodes > 0, `${p.name}: no node on WebGPU (was the placement report read?)`);
        const bad = dataPathCopies(p);
        assert.deepEqual(bad, [], `${p.name}: ops on the CPU in the data path: ${describeCopies(bad)}`);
      }
    });
  }

  it('fails on an op without a WebGPU kernel in the data path (Trilu between two Relus), naming it', { timeout: 120_000 }, async () => {
    const b = new GraphBuilder('trilu');
    const y = b.op('Relu', [b.op('Trilu', [b.op('Relu', ['x'])])], undefined, 'y');
    const bytes = encodeModel(b.build([{ name: 'x', dtype: 'float32', shape: [4, 4] }], [{ name: y, dtype: 'float32', shape: [4, 4] }]));
    const [p] = await placeGraphsAsync(browser, hostUrl(host.url, 'runtimeFile', { name: RUNTIME_WASM }), [{ name: 'trilu.onnx', bytes }]);
    assert.ok(p && p.error === null, p?.error ?? 'no result');
    const bad = dataPathCopies(p);
    assert.deepEqual([...new Set(bad.map((c) => c.op))], ['Trilu'], describeCopies(bad));
    assert.deepEqual(new Set(bad.map((c) => c.direction)), new Set(['GPU→CPU', 'CPU→GPU']));
  });
});
