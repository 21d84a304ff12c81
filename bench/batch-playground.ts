/**
 * Batch mode in the playground: the real dist/ui.html, the model host serving the bundle (the demo bundle, or
 * `--bundle <dir>`, e.g. a Focal-T v1 random-init one), N colour scenes of 512² selected, one text prompt run
 * as a batch. Prints, per N: the whole batch (Run → "N of N · done"), the time per image against the encoder's
 * own time per image (each result row's data-encode-ms), and the peak resident memory of Chromium's renderers
 * (a fresh browser per N, so the peaks compare: issue #16 asks N = 20 ≤ N = 2 + 200 MB).
 *   npm run build && npx tsx bench/batch-playground.ts [--bundle <dir>] [--counts 2,20] [--text red] [--backend wasm|remote-encoder] [--json]
 */
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { fsBundleSource } from '../model-host/bundles-fs';
import { startHostAsync } from '../model-host/server/serve';
import { manifestAccessAllowingAsync, startPlaygroundAsync } from '../scripts/start';
import { launchChromiumAsync } from '../test/browser/chromium';
import { DEMO_DIR, ensureDemoBundleAsync } from '../test/helpers/node-engine';
import { variedScenes } from '../test/helpers/varied-scenes';
import { parseManifest } from '../contracts/bundle-manifest';
import { rendererPeakMb } from './lib/renderer-memory';

const { values } = parseArgs({
  options: { bundle: { type: 'string' }, counts: { type: 'string' }, text: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } },
});
// remote-encoder: the model host encodes (the next image while this one is decoded in the browser).
const backend = values.backend === 'remote-encoder' ? 'remote-encoder' : 'wasm';
const dir = values.bundle ?? (await ensureDemoBundleAsync(DEMO_DIR));
const manifest = parseManifest(await fsBundleSource(dir).manifestAsync());
const counts = (values.counts ?? '2,20').split(',').map(Number);
const text = values.text ?? (manifest.model.demo ? 'red' : 'person');

const SETTINGS = `try { localStorage.setItem('seem-cutout-playground-settings', JSON.stringify({ bundleId: ${JSON.stringify(manifest.model.id)}, backend: ${JSON.stringify(backend)} })); } catch {}`;

const host = await startHostAsync({ port: 0, roots: [dirname(dir)] });
const playground = await startPlaygroundAsync({ port: 0, hostUrl: host.url, networkAccess: await manifestAccessAllowingAsync(host.url) });
const rows: Record<string, number | string>[] = [];
try {
  for (const n of counts) {
    const browser = await launchChromiumAsync();
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 950 } });
      await page.addInitScript(SETTINGS);
      await page.goto(playground.url);
      const ui = page.frameLocator('iframe');
      await ui.locator('text=Choose a photo').waitFor({ timeout: 60_000 });
      const scenes = variedScenes(n, [512, 512]).map((s, i) => ({
        nodeId: `7:${i}`,
        name: s.name,
        hash: `bench-${i}`,
        bytes: [...s.png],
        width: 512,
        height: 512,
      }));
      await page.evaluate((list) => {
        const pg = (globalThis as unknown as { playground: { sandbox: { select(images: unknown[]): void } } }).playground;
        pg.sandbox.select(list.map((i) => ({ ...i, bytes: new Uint8Array(i.bytes) })));
      }, scenes);
      // The model loaded and the first image encoded for the editor: the batch then has the worker to itself.
      await ui.locator('text=Ready —').waitFor({ timeout: 600_000 });
      await ui.locator('input[aria-label="Batch text"]').fill(text);
      const t0 = Date.now();
      await ui.locator('button:text-is("Run batch")').click();
      await ui.locator(`.batch-progress:has-text("${n} of ${n} · done")`).waitFor({ timeout: 1_800_000 });
      const totalMs = Date.now() - t0;
      // Each result row carries its image's encode and decode times (also its tooltip).
      const times = await ui
        .locator('.batch-results li[data-state="done"]')
        .evaluateAll((els) => els.map((e) => ({ encodeMs: Number(e.getAttribute('data-encode-ms')), decodeMs: Number(e.getAttribute('data-decode-ms')) })));
      const mean = (f: (t: { encodeMs: number; decodeMs: number }) => number) => times.reduce((a, t) => a + f(t), 0) / Math.max(1, times.length);
      const perImage = totalMs / n;
      const encode = mean((t) => t.encodeMs);
      rows.push({
        model: manifest.model.name,
        images: n,
        done: times.length,
        batchS: totalMs / 1000,
        perImageMs: Math.round(perImage),
        encodeMs: Math.round(encode),
        decodeMs: Math.round(mean((t) => t.decodeMs)),
        perImageOverEncode: Number((perImage / encode).toFixed(2)),
        rendererPeakMb: Math.round(await rendererPeakMb()),
      });
    } finally {
      await browser.close();
    }
  }
} finally {
  await playground.close();
  await host.close();
}
if (values.json) console.log(JSON.stringify(rows, null, 2));
else {
  console.log(
    `batch in the playground (${manifest.model.name}, text “${text}”, 512² scenes, ${backend === 'wasm' ? 'wasm, 1 thread' : 'encoder on the model host'})`,
  );
  console.log('images  batch s  per image ms  encode ms  decode ms  per image / encode  renderer peak MB');
  for (const r of rows)
    console.log(
      `${String(r.images).padStart(6)}  ${Number(r.batchS).toFixed(1).padStart(7)}  ${String(r.perImageMs).padStart(12)}  ${String(r.encodeMs).padStart(9)}  ${String(r.decodeMs).padStart(9)}  ${String(r.perImageOverEncode).padStart(18)}  ${String(r.rendererPeakMb).padStart(16)}`,
    );
}
