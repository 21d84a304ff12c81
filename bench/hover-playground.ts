/**
 * The hover preview in the playground with a real-size bundle (e.g. a Focal-T v1 random-init bundle): the
 * real dist/ui.html, the model host serving the bundle, the astronaut photo; one click, then the pointer
 * moves across the image and the preview follows. Prints how many previews arrived and how late, and
 * screenshots the live preview to test/output/hover-<bundle>.png.
 *   npm run build && npx tsx bench/hover-playground.ts --bundle <dir>
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startHostAsync } from '../model-host/server/serve';
import { fsBundleSource } from '../model-host/bundles-fs';
import { manifestAccessAllowingAsync, startPlaygroundAsync } from '../scripts/start';
import { launchChromiumAsync } from '../test/browser/chromium';
import { parseManifest } from '../contracts/bundle-manifest';

const { values } = parseArgs({ options: { bundle: { type: 'string' } } });
if (!values.bundle) throw new Error('--bundle <dir> is required');
const dir = values.bundle;
const manifest = parseManifest(await fsBundleSource(dir).manifestAsync());
const OUT = join(import.meta.dirname, '../test/output');
await mkdir(OUT, { recursive: true });

const host = await startHostAsync({ port: 0, roots: [dirname(dir)] });
// The playground applies the manifest's networkAccess: the host on a free port must be listed.
const playground = await startPlaygroundAsync({ port: 0, hostUrl: host.url, networkAccess: await manifestAccessAllowingAsync(host.url) });
const browser = await launchChromiumAsync();
try {
  const page = await browser.newPage({ viewport: { width: 1300, height: 950 } });
  await page.addInitScript(
    (id) => localStorage.setItem('seem-cutout-playground-settings', JSON.stringify({ bundleId: id, backend: 'wasm' })),
    manifest.model.id,
  );
  await page.goto(playground.url);
  const ui = page.frameLocator('iframe');
  const t0 = Date.now();
  await page.click('button[data-photo="astronaut.png"]');
  await ui.locator('text=Ready —').waitFor({ timeout: 600_000 });
  console.log(`model loaded and image encoded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const canvas = ui.locator('canvas').first();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  const wrap = ui.locator('.canvas-wrap');
  // Hover across the image; record when the preview lands on each resting point.
  const points = Array.from({ length: 8 }, (_, i) => [0.3 + i * 0.05, 0.35 + i * 0.04] as const);
  const lags: number[] = [];
  for (const [fx, fy] of points) {
    await page.mouse.move(...at(fx, fy), { steps: 4 });
    const start = Date.now();
    const want = [Math.round(fx * 512), Math.round(fy * 512)];
    for (let t = 0; t < 100; t++) {
      const got = ((await wrap.getAttribute('data-preview-at')) ?? '').split(',').map(Number);
      if (Math.abs((got[0] ?? -99) - (want[0] ?? 0)) <= 3 && Math.abs((got[1] ?? -99) - (want[1] ?? 0)) <= 3) {
        lags.push(Date.now() - start);
        break;
      }
      await page.waitForTimeout(20);
    }
  }
  const shot = join(OUT, `hover-${basename(dir)}.png`);
  await page.screenshot({ path: shot });
  const sorted = [...lags].sort((a, b) => a - b);
  console.log(
    `${manifest.model.name}: previews landed on ${lags.length}/${points.length} resting points; pointer-rest → preview median ${sorted[Math.floor(sorted.length / 2)] ?? NaN} ms (debounce 40 ms included); label ${await wrap.getAttribute('data-preview-label')}`,
  );
  console.log(`screenshot: ${shot}`);
} finally {
  await browser.close();
  await playground.close();
  await host.close();
}
