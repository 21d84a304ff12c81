/**
 * End to end in headless Chromium with no model host running: the playground's real
 * ui.html built --inline-wasm starts its engine from the inlined onnxruntime wasm and loads the demo
 * bundle from a loopback imitation of the Hugging Face Hub (resolve/main/ → 302 → a
 * second address serving Range) — including a dropped download that resumes, a tampered
 * file refused by sha256, and a domain missing from networkAccess blocked by the
 * manifest's Content-Security-Policy, as Figma blocks it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { manifestAccessAllowingAsync, startPlaygroundAsync } from '../../scripts/start';
import { DEMO_DIR, ensureDemoBundleAsync } from '../helpers/node-engine';
import { launchChromiumAsync } from './chromium';
import { startHubImitationAsync, type HubImitation } from './hub-imitation';

const OUT = join(import.meta.dirname, '../output');
/** Nothing listens here: the model host is stopped. */
const STOPPED_HOST = 'http://127.0.0.1:9';
let hub: HubImitation;
let playground: Awaited<ReturnType<typeof startPlaygroundAsync>>;
let smallPlayground: Awaited<ReturnType<typeof startPlaygroundAsync>>;
const root = join(import.meta.dirname, '../..');
const INLINED_UI = 'dist/ui-inline-wasm.html';
const ORT_VERSION = (JSON.parse(readFileSync(join(root, 'node_modules/onnxruntime-web/package.json'), 'utf8')) as { version: string }).version;
const execFileAsync = promisify(execFile);
let browser: Browser;

before(async () => {
  await ensureDemoBundleAsync();
  await mkdir(OUT, { recursive: true });
  // The self-contained variant of ui.html (wasm inlined); the default one fetches the wasm from beside the bundle.
  await execFileAsync(process.execPath, [join(root, 'scripts/build.mjs'), '--inline-wasm', '--ui-out', INLINED_UI], { cwd: root });
  const wasm = await readFile(join(root, 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm'));
  hub = await startHubImitationAsync(DEMO_DIR, 'org/seem-demo', { [`onnxruntime-web/${ORT_VERSION}/ort-wasm-simd-threaded.jsep.wasm`]: wasm });
  // What a team does for its own host: list it. Both imitation addresses, by IP only.
  const networkAccess = await manifestAccessAllowingAsync(hub.hubUrl, hub.cdnUrl);
  playground = await startPlaygroundAsync({ port: 0, hostUrl: STOPPED_HOST, networkAccess, uiHtml: join(root, INLINED_UI) });
  smallPlayground = await startPlaygroundAsync({ port: 0, hostUrl: STOPPED_HOST, networkAccess });
  browser = await launchChromiumAsync();
});
after(async () => {
  await browser?.close();
  await playground?.close();
  await smallPlayground?.close();
  await hub?.close();
});

interface Opened {
  page: Page;
  ui: FrameLocator;
  requests: string[];
}

const openAsync = async (source: string, on = playground): Promise<Opened> => {
  const page = await browser.newPage({ viewport: { width: 1300, height: 950 } });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${on.url}?source=${encodeURIComponent(source)}`);
  await page.click('button[data-photo="colour-scene"]');
  return { page, ui: page.frameLocator('iframe'), requests };
};

describe('bundles from a static host, runtime inlined, model host stopped (headless Chromium)', () => {
  it('loads via 302 + Range, resuming a dropped download, and segments', { timeout: 120_000 }, async () => {
    hub.requests.length = 0;
    const cutAt = 10_000;
    hub.cutOnce('text_encoder.onnx', cutAt);
    const o = await openAsync(hub.sourceUrl);
    try {
      await o.ui.locator('text=Ready —').waitFor({ timeout: 60_000 });
      await o.page.screenshot({ path: join(OUT, 'static-source-ready.png') });
      const cdn = hub.requests.filter((r) => r.server === 'cdn' && r.path === '/blobs/text_encoder.onnx' && r.status !== 204);
      assert.deepEqual(
        cdn.map((r) => r.range),
        [null, `bytes=${cutAt}-`],
        'the cut download resumed from the byte it reached',
      );
      assert.equal(cdn[1]?.status, 206);
      // Every bundle file but seem.json went through the redirect.
      const redirected = hub.requests.filter((r) => r.server === 'hub' && r.status === 302).map((r) => r.path.split('/').at(-1));
      assert.deepEqual(new Set(redirected), new Set(hub.bundleFiles.filter((n) => n !== 'seem.json')));
      assert.ok(
        !o.requests.some((u) => u.startsWith(STOPPED_HOST)),
        `no request to the stopped host: ${o.requests.filter((u) => u.startsWith(STOPPED_HOST)).join(', ')}`,
      );
      assert.ok(!o.requests.some((u) => u.includes('/v1/runtime/')), 'the wasm came from ui.html');
      // The engine works: a text prompt finds the blue square.
      const text = o.ui.getByRole('combobox', { name: 'Text prompt' });
      await text.fill('blue');
      await text.press('Enter');
      await o.ui.locator('.chip', { hasText: 'blue' }).first().waitFor({ timeout: 30_000 });
    } finally {
      await o.page.close();
    }
  });

  it('the default ui.html: the wasm comes from the source (checked by sha256), then the bundle', { timeout: 120_000 }, async () => {
    hub.requests.length = 0;
    const wasmPath = `onnxruntime-web/${ORT_VERSION}/ort-wasm-simd-threaded.jsep.wasm`;
    const o = await openAsync(hub.sourceUrl, smallPlayground);
    try {
      await o.ui.locator('text=Ready —').waitFor({ timeout: 60_000 });
      assert.ok(
        hub.requests.some((r) => r.server === 'cdn' && r.path === `/blobs/${encodeURIComponent(wasmPath)}` && r.status === 200),
        'the wasm came through the redirect',
      );
      assert.ok(!o.requests.some((u) => u.startsWith(STOPPED_HOST)));
    } finally {
      await o.page.close();
    }
    hub.tamper(wasmPath);
    const t = await openAsync(hub.sourceUrl, smallPlayground);
    try {
      await t.ui.locator('text=/onnxruntime wasm at .*: sha256 [0-9a-f]{64}, this plugin was built with [0-9a-f]{64}/').waitFor({ timeout: 60_000 });
    } finally {
      hub.tamper(wasmPath, false);
      await t.page.close();
    }
  });

  it('Settings: adding a folder URL switches the model source; removing it goes back to the (stopped) host', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 950 } });
    try {
      await page.goto(playground.url);
      await page.click('button[data-photo="colour-scene"]');
      const ui = page.frameLocator('iframe');
      await ui.locator('text=Model host not reachable').waitFor({ timeout: 60_000 });
      await ui.getByRole('button', { name: 'Settings', exact: true }).click();
      await ui.getByRole('textbox', { name: 'Bundle folder URL' }).fill('ftp://nowhere/');
      await ui.getByRole('button', { name: 'Add', exact: true }).click();
      await ui.locator('text=/must be an http\\(s\\) URL/').waitFor();
      await ui.getByRole('textbox', { name: 'Bundle folder URL' }).fill(hub.sourceUrl.replace(/\/$/, ''));
      await ui.getByRole('button', { name: 'Add', exact: true }).click();
      await page.screenshot({ path: join(OUT, 'static-source-settings.png') });
      await ui.getByRole('button', { name: 'Save', exact: true }).click();
      await ui.locator('text=Ready —').waitFor({ timeout: 60_000 });
      await ui.getByRole('button', { name: 'Settings', exact: true }).click();
      await ui.getByRole('button', { name: `Remove ${hub.sourceUrl}` }).click();
      await ui.getByRole('button', { name: 'Save', exact: true }).click();
      await ui.locator('text=Model host not reachable').waitFor({ timeout: 60_000 });
    } finally {
      await page.close();
    }
  });

  it('a tampered file is refused by sha256, naming the file', { timeout: 60_000 }, async () => {
    hub.tamper('vocabulary.bin');
    const o = await openAsync(hub.sourceUrl);
    try {
      await o.ui.locator('text=/vocabulary\\.bin: sha256 [0-9a-f]{64} does not match seem\\.json/').waitFor({ timeout: 60_000 });
      await o.page.screenshot({ path: join(OUT, 'static-source-tampered.png') });
      assert.equal(await o.ui.locator('text=Ready —').count(), 0);
    } finally {
      hub.tamper('vocabulary.bin', false);
      await o.page.close();
    }
  });

  it('a domain not in networkAccess is blocked before any request reaches it', { timeout: 60_000 }, async () => {
    hub.requests.length = 0;
    // The same server under a name the (test-extended) manifest does not list.
    const unlisted = hub.sourceUrl.replace('127.0.0.1', 'localhost');
    const o = await openAsync(unlisted);
    try {
      await o.ui.locator(`text=/could not reach ${unlisted.replaceAll('.', '\\.')}seem\\.json.*allowedDomains/`).waitFor({ timeout: 60_000 });
      await o.page.screenshot({ path: join(OUT, 'static-source-blocked.png') });
      assert.deepEqual(hub.requests, [], 'the browser sent nothing to the unlisted domain');
    } finally {
      await o.page.close();
    }
  });
});
