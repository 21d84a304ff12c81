/**
 * End to end in headless Chromium against the playground: the real dist/ui.html
 * in a sandboxed srcdoc iframe, the simulated sandbox, the model host with the demo
 * bundle. Screenshots go to test/output/ (look at them).
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { EMBEDDED_BUNDLES, startHostAsync, type RunningHost } from '../../model-host/server/serve';
import { manifestAccessAllowingAsync, startPlaygroundAsync } from '../../scripts/start';
import { iou, rasterizePath } from '../../ui/vector/index';
import { ensureDemoBundleAsync } from '../helpers/node-engine';
import { colourScene } from '../helpers/scene';
import { launchChromiumAsync } from './chromium';

const OUT = join(import.meta.dirname, '../output');
const scene = colourScene();
let host: RunningHost;
let playground: Awaited<ReturnType<typeof startPlaygroundAsync>>;
let browser: Browser;

before(async () => {
  await ensureDemoBundleAsync();
  await mkdir(OUT, { recursive: true });
  host = await startHostAsync({ port: 0, roots: [EMBEDDED_BUNDLES] });
  // The host listens on a free port: list it, as a team lists its own host (the iframe's CSP is the manifest's).
  playground = await startPlaygroundAsync({ port: 0, hostUrl: host.url, networkAccess: await manifestAccessAllowingAsync(host.url) });
  browser = await launchChromiumAsync();
});
after(async () => {
  await browser?.close();
  await playground?.close();
  await host?.close();
});

interface Opened {
  page: Page;
  ui: FrameLocator;
  requests: { url: string; fromTop: boolean }[];
  errors: string[];
}

const openAsync = async (query = ''): Promise<Opened> => {
  const page = await browser.newPage({ viewport: { width: 1300, height: 950 } });
  const requests: Opened['requests'] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    let fromTop = false;
    try {
      fromTop = r.frame() === page.mainFrame();
    } catch {
      fromTop = false; // a worker's request
    }
    requests.push({ url: r.url(), fromTop });
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${playground.url}${query}`);
  return { page, ui: page.frameLocator('iframe'), requests, errors };
};

const loadSceneAsync = async (o: Opened): Promise<void> => {
  await o.page.click('button[data-photo="colour-scene"]');
  await o.ui.locator('text=Ready —').waitFor({ timeout: 60_000 });
};

/** Clicks at image coordinates on the plugin's canvas. */
const clickImageAsync = async (o: Opened, x: number, y: number, modifiers: ('Shift' | 'Alt')[] = []): Promise<void> => {
  const canvas = o.ui.locator('canvas').first();
  await canvas.click({
    position: { x: (x / scene.image.width) * 336, y: (y / scene.image.height) * (336 * (scene.image.height / scene.image.width)) },
    modifiers,
  });
};

const chips = (o: Opened) => o.ui.locator('.chip');
const groupsAsync = (o: Opened) =>
  o.page.evaluate(() =>
    (globalThis as unknown as { playground: { groups: () => { name: string; layers: { name: string; path: { data: string } }[] }[] } }).playground.groups(),
  );

const squarePoint = { x: (scene.square.x0 + scene.hole.x0) / 2, y: (scene.square.y0 + scene.square.y1) / 2 };

describe('playground e2e (headless Chromium)', () => {
  it('click in the disc → overlay + "red" chip; text "blue" → the square; apply → SVG layers with IoU ≥ 0.95', { timeout: 120_000 }, async () => {
    const o = await openAsync();
    try {
      await loadSceneAsync(o);
      await clickImageAsync(o, scene.disc.cx, scene.disc.cy);
      await chips(o).filter({ hasText: 'red' }).waitFor();
      const text = o.ui.getByRole('combobox', { name: 'Text prompt' });
      await text.fill('blue');
      await text.press('Shift+Enter');
      await chips(o).filter({ hasText: 'blue' }).waitFor();
      await o.page.screenshot({ path: join(OUT, 'playground-prompts.png') });
      await o.ui.getByRole('button', { name: 'Apply', exact: true }).click();
      await o.ui.locator('text=Added 2 layers').waitFor();
      await o.page.locator('figure[data-group]').waitFor();
      await o.page.screenshot({ path: join(OUT, 'playground-applied.png') });
      const [group] = await groupsAsync(o);
      assert.equal(group?.name, 'Cutout · Colour test scene');
      assert.deepEqual(
        group?.layers.map((l) => l.name),
        ['red', 'blue'],
      );
      const { width: W, height: H } = scene.image;
      const score = (i: number, truth: Uint8Array) => iou(rasterizePath(group?.layers[i]?.path.data ?? '', W, H), truth);
      assert.ok(score(0, scene.truth.disc) >= 0.95, `disc IoU ${score(0, scene.truth.disc)}`);
      assert.ok(score(1, scene.truth.square) >= 0.95, `square IoU ${score(1, scene.truth.square)}`);
      assert.deepEqual(o.errors, []);
    } finally {
      await o.page.close();
    }
  });

  it('segment everything → three labelled segments', { timeout: 120_000 }, async () => {
    const o = await openAsync();
    try {
      await loadSceneAsync(o);
      await o.ui.getByRole('button', { name: 'Everything', exact: true }).click();
      await o.ui.locator('text=3 segments found').waitFor();
      const names = await o.ui.locator('.segments input.name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value).sort());
      assert.deepEqual(names, ['blue', 'green', 'red']);
      await o.page.screenshot({ path: join(OUT, 'playground-everything.png') });
    } finally {
      await o.page.close();
    }
  });

  it('keyboard: Shift starts another object, Ctrl+Z / Shift+Ctrl+Z undo and redo, Esc clears, Enter applies', { timeout: 120_000 }, async () => {
    const o = await openAsync();
    try {
      await loadSceneAsync(o);
      const rows = o.ui.locator('.segments li');
      await clickImageAsync(o, scene.disc.cx, scene.disc.cy);
      await rows.first().waitFor();
      await clickImageAsync(o, squarePoint.x, squarePoint.y, ['Shift']);
      await chips(o).filter({ hasText: 'blue' }).waitFor();
      assert.equal(await rows.count(), 2);
      await o.ui.locator('canvas').first().focus();
      await o.page.keyboard.press('Control+z');
      await o.ui.locator('.segments li').nth(1).waitFor({ state: 'detached' });
      assert.equal(await rows.count(), 1);
      await o.page.keyboard.press('Control+Shift+z');
      await o.ui.locator('.segments li').nth(1).waitFor();
      await o.page.keyboard.press('Escape');
      await o.ui.locator('.segments li').nth(1).waitFor({ state: 'detached' });
      // Enter applies unless the designer is typing in a field: make sure nothing is focused.
      await o.ui.locator('body').evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await o.page.keyboard.press('Enter');
      await o.ui
        .locator('text=Added 1 layer')
        .waitFor({ timeout: 10_000 })
        .catch(async (e: unknown) => {
          const focused = await o.ui.locator(':focus').evaluateAll((els) => els.map((el) => el.outerHTML.slice(0, 80)));
          throw new Error(`${String(e)}\nstatus: ${await o.ui.locator('.status').textContent()}\nfocus: ${focused.join(' | ')}`);
        });
      const [group] = await groupsAsync(o);
      assert.deepEqual(
        group?.layers.map((l) => l.name),
        ['red'],
      );
    } finally {
      await o.page.close();
    }
  });

  it('hover preview decodes as the pointer moves and shows the newest', { timeout: 120_000 }, async () => {
    const o = await openAsync();
    try {
      await loadSceneAsync(o);
      const box = await o.ui.locator('canvas').first().boundingBox();
      assert.ok(box);
      const toScreen = (x: number, y: number) => [box.x + (x / scene.image.width) * box.width, box.y + (y / scene.image.height) * box.height] as const;
      const path = Array.from({ length: 20 }, (_, i) => ({
        x: scene.disc.cx + ((squarePoint.x - scene.disc.cx) * i) / 19,
        y: scene.disc.cy + ((squarePoint.y - scene.disc.cy) * i) / 19,
      }));
      for (const p of path) await o.page.mouse.move(...toScreen(p.x, p.y));
      const wrap = o.ui.locator('.canvas-wrap');
      const last = path.at(-1) as { x: number; y: number };
      // The preview settles on the last point (±2 px of pointer rounding), never on an older one.
      let at: number[] = [];
      for (let t = 0; t < 100; t++) {
        at = ((await wrap.getAttribute('data-preview-at')) ?? '').split(',').map(Number);
        if (Math.abs((at[0] ?? 0) - last.x) <= 2 && Math.abs((at[1] ?? 0) - last.y) <= 2) break;
        await o.page.waitForTimeout(100);
      }
      assert.ok(Math.abs((at[0] ?? 0) - last.x) <= 2 && Math.abs((at[1] ?? 0) - last.y) <= 2, `preview at ${at.join(',')}, pointer at ${last.x},${last.y}`);
      assert.equal(await wrap.getAttribute('data-preview-label'), 'blue');
      await o.page.screenshot({ path: join(OUT, 'playground-hover.png') });
    } finally {
      await o.page.close();
    }
  });

  it('model host down → says where it looked and how to start it', { timeout: 60_000 }, async () => {
    const o = await openAsync('?host=http://127.0.0.1:9');
    try {
      await o.page.click('button[data-photo="colour-scene"]');
      await o.ui.locator('text=Model host not reachable at http://127.0.0.1:9').waitFor({ timeout: 30_000 });
      assert.match((await o.ui.locator('.status').textContent()) ?? '', /start it with `npm start`/);
      await o.page.screenshot({ path: join(OUT, 'playground-host-down.png') });
    } finally {
      await o.page.close();
    }
  });

  it('dist/ui.html in a sandbox="allow-scripts" srcdoc iframe requests nothing but the model host', { timeout: 120_000 }, async () => {
    const o = await openAsync();
    try {
      await loadSceneAsync(o);
      await clickImageAsync(o, scene.disc.cx, scene.disc.cy);
      await chips(o).filter({ hasText: 'red' }).waitFor();
      const sandboxAttr = await o.page.locator('iframe').getAttribute('sandbox');
      assert.equal(sandboxAttr, 'allow-scripts');
      const fromUi = o.requests.filter((r) => !r.fromTop && !r.url.startsWith('data:') && !r.url.startsWith('blob:'));
      assert.ok(fromUi.length > 0, 'the UI fetched its model');
      for (const r of fromUi) assert.ok(r.url.startsWith(host.url), `unexpected request ${r.url}`);
    } finally {
      await o.page.close();
    }
  });
});
