/**
 * Shared set-up for the playground's end-to-end flows: a model host with the demo bundle, the
 * playground page, headless Chromium, and helpers to select generated images and prompt them.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { EMBEDDED_BUNDLES, startHostAsync, type RunningHost } from '../../model-host/server/serve';
import { manifestAccessAllowingAsync, startPlaygroundAsync } from '../../scripts/start';
import { ensureDemoBundleAsync } from '../helpers/node-engine';
import { colourScene } from '../helpers/scene';
import { launchChromiumAsync } from './chromium';

export const OUT = join(import.meta.dirname, '../output');
export const scene = colourScene();

export interface Rig {
  host: RunningHost;
  playground: Awaited<ReturnType<typeof startPlaygroundAsync>>;
  browser: Browser;
  close(): Promise<void>;
}

export const startRigAsync = async (): Promise<Rig> => {
  await ensureDemoBundleAsync();
  await mkdir(OUT, { recursive: true });
  const host = await startHostAsync({ port: 0, roots: [EMBEDDED_BUNDLES] });
  // The playground applies the manifest's networkAccess as its CSP (as Figma would): these tests run hosts on free
  // loopback ports (one stopped and restarted on its port), so any loopback port is listed for them.
  const playground = await startPlaygroundAsync({
    port: 0,
    hostUrl: host.url,
    networkAccess: await manifestAccessAllowingAsync(host.url, 'http://127.0.0.1:*'),
  });
  const browser = await launchChromiumAsync();
  return {
    host,
    playground,
    browser,
    close: async () => {
      await browser.close();
      await playground.close();
      await host.close();
    },
  };
};

export interface Opened {
  page: Page;
  ui: FrameLocator;
  errors: string[];
}

export const openAsync = async (rig: Rig, query = ''): Promise<Opened> => {
  const page = await rig.browser.newPage({ viewport: { width: 1300, height: 950 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${rig.playground.url}${query}`);
  return { page, ui: page.frameLocator('iframe'), errors };
};

/** The colour scene as PNG bytes; `variant` changes one corner pixel so each copy has its own image hash. */
const scenePng = (variant: number): number[] => {
  const png = new PNG({ width: scene.image.width, height: scene.image.height });
  png.data.set(scene.image.data);
  png.data[0] = (png.data[0] ?? 0) ^ (variant + 1);
  return [...PNG.sync.write(png)];
};

/** Selects `count` copies of the colour scene (distinct hashes) in the simulated sandbox. */
export const selectScenesAsync = async (o: Opened, count: number): Promise<void> => {
  const images = Array.from({ length: count }, (_, i) => ({
    nodeId: `9:${i}`,
    name: `Scene ${i + 1}`,
    hash: `scene-${i}`,
    bytes: scenePng(i),
    width: scene.image.width,
    height: scene.image.height,
  }));
  await o.page.evaluate((list) => {
    const pg = (globalThis as unknown as { playground: { sandbox: { select(images: unknown[]): void } } }).playground;
    pg.sandbox.select(list.map((i) => ({ ...i, bytes: new Uint8Array(i.bytes) })));
  }, images);
};

export const loadSceneAsync = async (o: Opened): Promise<void> => {
  await o.page.click('button[data-photo="colour-scene"]');
  await o.ui.locator('text=Ready —').waitFor({ timeout: 60_000 });
};

/** Clicks at image coordinates on the plugin's canvas. */
export const clickImageAsync = async (o: Opened, x: number, y: number, modifiers: ('Shift' | 'Alt')[] = []): Promise<void> => {
  const canvas = o.ui.locator('canvas').first();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  await canvas.click({ position: { x: (x / scene.image.width) * box.width, y: (y / scene.image.height) * box.height }, modifiers });
};

export const statusAsync = async (o: Opened): Promise<string> => (await o.ui.locator('.status').textContent()) ?? '';

export const groupsAsync = (o: Opened) =>
  o.page.evaluate(() =>
    (globalThis as unknown as { playground: { groups: () => { name: string; layers: { name: string; path: { data: string } }[] }[] } }).playground.groups(),
  );

export interface DecodeStats {
  sent: number;
  inFlight: number;
  maxInFlight: number;
  /** Every request the UI sent its worker, by type. */
  byType: Record<string, number>;
}

/**
 * Makes every decode answer at least `ms` late (and every encode `encodeMs`), from the UI's point of view, and counts decode requests
 * in flight between the UI and its engine worker. Test-only: it wraps the iframe's `Worker` constructor
 * before the UI starts its worker, so no production code carries a delay hook. Also turns hover preview
 * "on" (in "auto" a slow decode switches it off, by design). Takes effect on the next (re)load of the page.
 *
 * The wrapper is written into ui.html as its first script (the playground fetches /ui.html for its srcdoc
 * iframe), not added as a Playwright init script: an init script reached the srcdoc iframe after the UI had
 * sometimes already started its worker (counters read `{}` though decodes ran), so the counts were racy.
 */
export const slowDecodesAsync = async (page: Page, ms: number, encodeMs = 0): Promise<void> => {
  await page.addInitScript(() => {
    try {
      localStorage.setItem('seem-cutout-playground-settings', JSON.stringify({ hoverPreview: 'on' }));
    } catch {
      // The plugin's opaque-origin iframe has no localStorage; only the playground page needs it.
    }
  });
  // A string, not a function: tsx's helpers (class fields, names) do not exist in the page.
  const wrapper = `(() => {
    const stats = { sent: 0, inFlight: 0, maxInFlight: 0, byType: {} };
    globalThis.decodeStats = stats;
    const Real = globalThis.Worker;
    globalThis.Worker = class extends Real {
      constructor(...args) {
        super(...args);
        this.decodeIds = new Set();
        this.encodeIds = new Set();
        this.handler = null;
      }
      postMessage(msg, transfer) {
        if (msg && typeof msg.type === 'string') stats.byType[msg.type] = (stats.byType[msg.type] || 0) + 1;
        if (msg && msg.type === 'encode' && typeof msg.id === 'number') this.encodeIds.add(msg.id);
        if (msg && msg.type === 'decode' && typeof msg.id === 'number') {
          this.decodeIds.add(msg.id);
          stats.sent++;
          stats.inFlight++;
          stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
        }
        super.postMessage(msg, transfer);
      }
      get onmessage() {
        return this.handler;
      }
      set onmessage(fn) {
        this.handler = fn;
        super.onmessage = (e) => {
          const id = e.data && e.data.id;
          if (typeof id === 'number' && this.decodeIds.delete(id)) {
            setTimeout(() => {
              stats.inFlight--;
              if (this.handler) this.handler(e);
            }, ${ms});
          } else if (typeof id === 'number' && this.encodeIds.delete(id)) {
            setTimeout(() => this.handler && this.handler(e), ${encodeMs});
          } else if (this.handler) this.handler(e);
        };
      }
    };
  })();`;
  await page.route('**/ui.html', async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    await route.fulfill({ response, body: html.replace('<head>', () => `<head><script>${wrapper}</script>`) });
  });
};

/** The decode counters of the plugin UI's frame (see slowDecodesAsync). */
export const decodeStatsAsync = (o: Opened): Promise<DecodeStats> =>
  o.ui.locator('body').evaluate(() => (globalThis as unknown as { decodeStats: DecodeStats }).decodeStats);
