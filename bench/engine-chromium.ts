/**
 * bench/engine in Chromium: the built engine worker (onnxruntime-web, 1 thread — Figma's iframe is not
 * cross-origin isolated) on a bundle served by the model host, through the flow of bench/lib/flow.ts
 * (encode, object decoder, first click, click with memory, text, everything cached, click/encode),
 * with the backend and WebGPU adapter in use and the peak resident memory of Chromium's renderers.
 * `--backend webgpu` runs the same script on a GPU (Chromium started with WebGPU enabled).
 *   npm run bench:engine:chromium -- --bundle <dir> [--runs <n>] [--backend wasm|webgpu|auto] [--precision auto|fp32|…] [--json]
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { startHostAsync } from '../model-host/server/serve';
import { launchChromiumAsync } from '../test/browser/chromium';
import { serveHarnessAsync } from '../test/browser/harness-build';
import { FIXTURES } from '../test/helpers/image-files';
import { DEMO_DIR, ensureDemoBundleAsync } from '../test/helpers/node-engine';
import { fsBundleSource } from '../model-host/bundles-fs';
import { parseManifest } from '../contracts/bundle-manifest';
import { hostUrl, RUNTIME_WASM } from '../contracts/host-routes';
import { rendererPeakMb } from './lib/renderer-memory';
import { fmt } from './lib/timing';
import { flowTable, type FlowTimes } from './lib/flow';

const { values } = parseArgs({
  options: { bundle: { type: 'string' }, runs: { type: 'string' }, backend: { type: 'string' }, precision: { type: 'string' }, json: { type: 'boolean' } },
});
const precisions = ['auto', 'fp32', 'fp16', 'q8f16', 'int8'] as const;
const precision = precisions.find((p) => p === (values.precision ?? 'auto'));
if (!precision) throw new Error(`--precision ${values.precision}: one of ${precisions.join(', ')}`);
const backend = values.backend === 'webgpu' || values.backend === 'auto' ? values.backend : 'wasm';
const dir = values.bundle ?? (await ensureDemoBundleAsync(DEMO_DIR));
const manifest = parseManifest(await fsBundleSource(dir).manifestAsync());

const host = await startHostAsync({ port: 0, roots: [dirname(dir)] });
const pages = await serveHarnessAsync('bench/engine-harness.ts');
const browser = await launchChromiumAsync({ webgpu: backend !== 'wasm' });
try {
  const page = await browser.newPage();
  await page.goto(pages.url);
  const png = (await readFile(`${FIXTURES}/astronaut.png`)).toString('base64');
  const r = await page.evaluate(
    (c) =>
      (
        globalThis as unknown as { runBench: (c: unknown) => Promise<{ backend: string; reason: string; adapter: string; loadMs: number; times: FlowTimes }> }
      ).runBench(c),
    {
      host: host.url,
      modelId: manifest.model.id,
      wasmUrl: hostUrl(host.url, 'runtimeFile', { name: RUNTIME_WASM }),
      png,
      runs: Number(values.runs ?? 5),
      backend,
      precision,
    },
  );
  const peak = await rendererPeakMb();
  if (values.json) {
    console.log(JSON.stringify({ bundle: dir, ...r, rendererPeakMb: peak }, null, 2));
  } else {
    console.log(
      `\nChromium, ${basename(dir)} on astronaut.png 512×512: backend ${r.backend}${r.reason ? ` (${r.reason})` : ''}; adapter: ${r.adapter}; load ${fmt(r.loadMs)} ms\n`,
    );
    console.log(flowTable([{ label: `worker ${r.backend}`, times: r.times }]));
    console.log(`\nrenderer peak RSS ${fmt(peak, 0)} MB`);
  }
} finally {
  await browser.close();
  await pages.close();
  await host.close();
}
