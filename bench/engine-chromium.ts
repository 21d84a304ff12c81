/**
 * bench/engine in Chromium: the built engine worker (onnxruntime-web wasm, 1 thread — Figma's iframe
 * is not cross-origin isolated) on a bundle served by the model host. Prints encode and decode times,
 * the decoder/encoder ratio, and the peak resident memory of Chromium's renderer processes.
 *   npm run bench:engine:chromium -- --bundle <dir> [--runs <n>]
 */
import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { startHostAsync } from '../model-host/server/serve';
import { launchChromiumAsync } from '../test/browser/chromium';
import { buildHarnessAsync } from '../test/browser/harness-build';
import { servePagesAsync } from '../test/browser/static-server';
import { FIXTURES } from '../test/helpers/image-files';
import { DEMO_DIR, ensureDemoBundleAsync } from '../test/helpers/node-engine';
import { fsBundleSource } from '../model-host/bundles-fs';
import { parseManifest } from '../ui/engine/bundle/manifest';
import { fmt } from './lib/timing';

const { values } = parseArgs({ options: { bundle: { type: 'string' }, runs: { type: 'string' } } });
const dir = values.bundle ?? (await ensureDemoBundleAsync(DEMO_DIR));
const manifest = parseManifest(await fsBundleSource(dir).manifestAsync());

/** Peak resident set (VmHWM) of Chromium renderer processes, in MB. */
const rendererPeakMb = async (): Promise<number> => {
  let peak = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium') || !cmd.includes('--type=renderer')) continue;
      const kb = Number(/VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // the process ended
    }
  }
  return peak;
};

const host = await startHostAsync({ port: 0, roots: [dirname(dir)] });
const js = await buildHarnessAsync('bench/engine-harness.ts');
const pages = await servePagesAsync({ '/': { type: 'text/html', body: `<!doctype html><script>${js.replaceAll('</script', '<\\/script')}</script>` } });
const browser = await launchChromiumAsync();
try {
  const page = await browser.newPage();
  await page.goto(pages.url);
  const png = (await readFile(`${FIXTURES}/astronaut.png`)).toString('base64');
  const r = await page.evaluate(
    (c) => (globalThis as unknown as { runBench: (c: unknown) => Promise<Record<string, number | string>> }).runBench(c),
    { host: host.url, modelId: manifest.model.id, wasmUrl: `${host.url}/v1/runtime/ort-wasm-simd-threaded.jsep.wasm`, png, runs: Number(values.runs ?? 5) },
  );
  const peak = await rendererPeakMb();
  console.log(`\nChromium ${basename(dir)} (${r.backend}, 1 thread) on astronaut.png 512×512:`);
  console.log(`  load ${fmt(Number(r.loadMs))} ms, encode ${fmt(Number(r.encodeMs))} ms, click decode ${fmt(Number(r.clickMs))} ms, text decode ${fmt(Number(r.textMs))} ms`);
  console.log(`  decoder/encoder time ${fmt(Number(r.clickMs) / Number(r.encodeMs), 2)}×; renderer peak RSS ${fmt(peak, 0)} MB`);
} finally {
  await browser.close();
  await pages.close();
  await host.close();
}
