/**
 * End-to-end flows in headless Chromium against the playground (dist/ui.html in its sandboxed iframe,
 * the simulated sandbox, the demo bundle): image switching against the worker's bounded caches,
 * repeated prompts, the Find button, Apply while a decode runs, and hover under a slow decoder.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EMBEDDED_BUNDLES, startHostAsync } from '../../model-host/server/serve';
import {
  OUT,
  clickImageAsync,
  decodeStatsAsync,
  groupsAsync,
  loadSceneAsync,
  openAsync,
  scene,
  selectScenesAsync,
  slowDecodesAsync,
  statusAsync,
  type Opened,
  type Rig,
  startRigAsync,
} from './playground-session';

let rig: Rig;
before(async () => {
  rig = await startRigAsync();
});
after(async () => {
  await rig?.close();
});

const chips = (o: Opened) => o.ui.locator('.chip');
const squarePoint = { x: (scene.square.x0 + scene.hole.x0) / 2, y: (scene.square.y0 + scene.square.y1) / 2 };

/** Waits for `text` in the plugin UI; on time-out the error carries the status line. */
const expectAsync = async (o: Opened, text: string, timeout = 20_000): Promise<void> => {
  await o.ui
    .locator(`text=${text}`)
    .first()
    .waitFor({ timeout })
    .catch(async (e: unknown) => {
      throw new Error(`${String(e)}\nstatus: ${await statusAsync(o)}`);
    });
};

describe('playground flows (headless Chromium)', () => {
  it('after visiting six images, going back to the first still prompts and applies', { timeout: 180_000 }, async () => {
    const o = await openAsync(rig);
    try {
      await o.ui.locator('text=Choose a photo').waitFor({ timeout: 30_000 });
      await selectScenesAsync(o, 6);
      for (let i = 1; i <= 6; i++) {
        await o.ui.getByRole('button', { name: `Scene ${i}`, exact: true }).click();
        await expectAsync(o, `Ready — Scene ${i} encoded`, 60_000);
      }
      await o.ui.getByRole('button', { name: 'Scene 1', exact: true }).click();
      await clickImageAsync(o, scene.disc.cx, scene.disc.cy);
      await chips(o).filter({ hasText: 'red' }).waitFor({ timeout: 20_000 });
      await o.ui.getByRole('button', { name: 'Apply', exact: true }).click();
      await expectAsync(o, 'Added 1 layer');
      const [group] = await groupsAsync(o);
      assert.equal(group?.name, 'Cutout · Scene 1');
      assert.deepEqual(o.errors, []);
    } finally {
      await o.page.close();
    }
  });

  it('the same click after Reset, and the same text on the next image, resolve again', { timeout: 120_000 }, async () => {
    const o = await openAsync(rig);
    try {
      await o.ui.locator('text=Choose a photo').waitFor({ timeout: 30_000 });
      await selectScenesAsync(o, 2);
      await expectAsync(o, 'Ready — Scene 1 encoded', 60_000);
      await clickImageAsync(o, scene.disc.cx, scene.disc.cy);
      await chips(o).filter({ hasText: 'red' }).waitFor();
      await o.ui.getByRole('button', { name: 'Reset', exact: true }).click();
      await chips(o).first().waitFor({ state: 'detached' });
      await clickImageAsync(o, scene.disc.cx, scene.disc.cy);
      await chips(o).filter({ hasText: 'red' }).waitFor({ timeout: 10_000 });

      const text = o.ui.getByRole('combobox', { name: 'Text prompt' });
      await text.fill('blue');
      await text.press('Shift+Enter');
      await chips(o).filter({ hasText: 'blue' }).waitFor();
      await o.ui.getByRole('button', { name: 'Scene 2', exact: true }).click();
      await expectAsync(o, 'Ready — Scene 2 encoded', 60_000);
      await text.fill('blue');
      await text.press('Enter');
      await chips(o).filter({ hasText: 'blue' }).waitFor({ timeout: 10_000 });
    } finally {
      await o.page.close();
    }
  });

  it('the Find button finds (a sandboxed iframe blocks form submission)', { timeout: 120_000 }, async () => {
    const o = await openAsync(rig);
    try {
      await loadSceneAsync(o);
      await o.ui.getByRole('combobox', { name: 'Text prompt' }).fill('blue');
      await o.ui.getByRole('button', { name: 'Find', exact: true }).click();
      await chips(o).filter({ hasText: 'blue' }).waitFor({ timeout: 10_000 });
    } finally {
      await o.page.close();
    }
  });

  it('Apply while the decode still runs waits for it and applies the object', { timeout: 120_000 }, async () => {
    const o = await openAsync(rig);
    await slowDecodesAsync(o.page, 1500);
    try {
      await o.page.reload();
      await loadSceneAsync(o);
      await clickImageAsync(o, scene.disc.cx, scene.disc.cy);
      await o.ui.getByRole('button', { name: 'Apply', exact: true }).click();
      await expectAsync(o, 'Added 1 layer');
      const [group] = await groupsAsync(o);
      assert.deepEqual(
        group?.layers.map((l) => l.name),
        ['red'],
      );
    } finally {
      await o.page.close();
    }
  });

  it('the model host URL saved in Settings is the one the playground uses', { timeout: 60_000 }, async () => {
    const o = await openAsync(rig);
    try {
      await o.page.evaluate(() => localStorage.setItem('seem-cutout-playground-settings', JSON.stringify({ modelHostUrl: 'http://127.0.0.1:9' })));
      await o.page.reload();
      await o.page.click('button[data-photo="colour-scene"]');
      await expectAsync(o, 'Model host not reachable at http://127.0.0.1:9', 30_000);
    } finally {
      await o.page.close();
    }
  });

  it('after a model host outage, Retry loads the model (no reload)', { timeout: 120_000 }, async () => {
    const down = await startHostAsync({ port: 0, roots: [EMBEDDED_BUNDLES] });
    await down.close();
    const o = await openAsync(rig, `?host=${down.url}`);
    let back: Awaited<ReturnType<typeof startHostAsync>> | null = null;
    try {
      await o.page.click('button[data-photo="colour-scene"]');
      await expectAsync(o, `Model host not reachable at ${down.url}`, 30_000);
      back = await startHostAsync({ port: down.port, roots: [EMBEDDED_BUNDLES] });
      await o.ui.getByRole('button', { name: 'Retry', exact: true }).click();
      await expectAsync(o, 'Ready — Colour test scene encoded', 60_000);
    } finally {
      await o.page.close();
      await back?.close();
    }
  });

  it('says what it cannot do: the demo model, a word outside its vocabulary, empty text, the status of the image shown', { timeout: 120_000 }, async () => {
    const o = await openAsync(rig);
    try {
      await o.ui.locator('text=Choose a photo').waitFor({ timeout: 30_000 });
      await selectScenesAsync(o, 2);
      await expectAsync(o, 'Ready — Scene 1 encoded', 60_000);
      assert.match((await o.ui.locator('.demo-note').textContent()) ?? '', /segments by colour \(.*\), not by object/);
      await o.ui.getByRole('button', { name: 'Find', exact: true }).click();
      await expectAsync(o, 'Type what to cut out first');
      const text = o.ui.getByRole('combobox', { name: 'Text prompt' });
      await text.fill('cat');
      await text.press('Enter');
      await expectAsync(o, '“cat” is not a word the demo model knows');
      await o.page.screenshot({ path: join(OUT, 'playground-hints.png') });
      await o.ui.getByRole('button', { name: 'Scene 2', exact: true }).click();
      await expectAsync(o, 'Ready — Scene 2 encoded', 60_000);
      await o.ui.getByRole('button', { name: 'Scene 1', exact: true }).click();
      await o.ui
        .locator('.status:text-is("Ready — Scene 1")')
        .waitFor({ timeout: 5_000 })
        .catch(async (e: unknown) => {
          throw new Error(`${String(e)}\nstatus: ${await statusAsync(o)}`);
        });
    } finally {
      await o.page.close();
    }
  });

  it('a dropped file that is not an image says so: text, SVG, corrupt PNG', { timeout: 60_000 }, async () => {
    const o = await openAsync(rig);
    try {
      const input = o.page.locator('input[type="file"]');
      const toast = o.page.locator('.toast.error');
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
      await input.setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }]);
      await toast.filter({ hasText: '“notes.txt” is not a PNG, JPEG or GIF image' }).waitFor({ timeout: 10_000 });
      await input.setInputFiles([{ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }]);
      await toast.filter({ hasText: 'SVG is vector art' }).waitFor({ timeout: 10_000 });
      await input.setInputFiles([{ name: 'broken.png', mimeType: 'image/png', buffer: png }]);
      await toast.filter({ hasText: '“broken.png”: the PNG data is corrupt' }).waitFor({ timeout: 10_000 });
      assert.deepEqual(o.errors, []);
    } finally {
      await o.page.close();
    }
  });

  it('an image is encoded once, even when the reference is chosen while the target is still encoding', { timeout: 120_000 }, async () => {
    const o = await openAsync(rig);
    await slowDecodesAsync(o.page, 0, 1500);
    try {
      await o.page.reload();
      await o.ui.locator('text=Choose a photo').waitFor({ timeout: 30_000 });
      await selectScenesAsync(o, 2);
      await expectAsync(o, 'Encoding Scene 1', 30_000);
      await o.ui.getByRole('button', { name: 'use as reference', exact: true }).click();
      await o.ui.getByRole('button', { name: 'reference ✓', exact: true }).waitFor();
      await expectAsync(o, 'Ready — Scene', 30_000);
      await o.page.waitForTimeout(3000); // both answered, and any duplicate request sent, by now
      const stats = await decodeStatsAsync(o);
      assert.equal(stats.byType.encode, 2, `encode requests: ${JSON.stringify(stats.byType)}`);
    } finally {
      await o.page.close();
    }
  });

  it('quick action: cut out “blue” → one layer, then the plugin closes', { timeout: 120_000 }, async () => {
    const o = await openAsync(rig);
    try {
      await loadSceneAsync(o);
      await o.page.evaluate(() => {
        const pg = (globalThis as unknown as { playground: { sandbox: { post(msg: unknown): void } } }).playground;
        pg.sandbox.post({ type: 'run-quick', text: 'blue' });
      });
      await o.page.locator('.toast:has-text("the plugin closed itself")').waitFor({ timeout: 20_000 });
      const [group] = await groupsAsync(o);
      assert.deepEqual(
        group?.layers.map((l) => l.name),
        ['blue'],
      );
    } finally {
      await o.page.close();
    }
  });

  it('the mask overlay is centred on the disc (no shift up/left), its edges within 1.5 screen px', { timeout: 120_000 }, async () => {
    const o = await openAsync(rig);
    try {
      await loadSceneAsync(o);
      const canvas = o.ui.locator('canvas').first();
      const grab = () =>
        canvas.evaluate((c: HTMLCanvasElement) => {
          const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height);
          return { w: c.width, h: c.height, data: [...(d?.data ?? [])] };
        });
      const before = await grab();
      await clickImageAsync(o, scene.disc.cx, scene.disc.cy);
      await chips(o).filter({ hasText: 'red' }).waitFor();
      await o.page.mouse.move(0, 0); // no hover preview on top
      await o.page.waitForTimeout(300);
      const after = await grab();
      // Along the disc's horizontal and vertical diameters: where the red disc (before) and the overlay (after) reach half strength.
      const px = (img: typeof before, x: number, y: number, ch: number) => img.data[4 * (y * img.w + x) + ch] ?? 0;
      const s = before.w / scene.image.width;
      const cx = Math.round(scene.disc.cx * s);
      const cy = Math.round(scene.disc.cy * s);
      // Levels inside (half-way to the centre: the click marker sits at the centre) and outside (the image's corner).
      const r = Math.round(scene.disc.r * s);
      const edges = (at: (k: number) => [number, number], n: number, level: (x: number, y: number) => number): [number, number] => {
        const v = Array.from({ length: n }, (_, k) => level(...at(k)));
        const inside = v[Math.round(n === before.h ? cy - r / 2 : cx - r / 2)] ?? 0;
        const outside = v[2] ?? 0;
        const half = (inside + outside) / 2;
        const above = (x: number) => (inside > outside ? x >= half : x <= half);
        const first = v.findIndex(above);
        const last = v.length - 1 - [...v].reverse().findIndex(above);
        // Sub-pixel: interpolate the crossing on each side.
        const lo = first - 1 + (half - (v[first - 1] ?? 0)) / ((v[first] ?? 0) - (v[first - 1] ?? 0));
        const hi = last + ((v[last] ?? 0) - half) / ((v[last] ?? 0) - (v[last + 1] ?? 0));
        return [lo, hi];
      };
      const row = (k: number): [number, number] => [k, cy];
      const col = (k: number): [number, number] => [cx, k];
      const disc = (x: number, y: number) => px(before, x, y, 0) - px(before, x, y, 1); // red minus green
      // How much the overlay changed the pixel, whatever its colour (overlay-colour.ts picks one that contrasts with the disc).
      const overlay = (x: number, y: number) => [0, 1, 2].reduce((sum, ch) => sum + Math.abs(px(after, x, y, ch) - px(before, x, y, ch)), 0);
      const half = Math.floor(before.w / 2);
      const d = [...edges(row, half, disc), ...edges(col, before.h, disc)];
      const m = [...edges(row, half, overlay), ...edges(col, before.h, overlay)];
      const off = m.map((v, i) => v - (d[i] ?? 0));
      const [l = 0, r2 = 0, t = 0, b = 0] = off;
      const note = `overlay edges − disc edges (left, right, top, bottom): ${off.map((v) => v.toFixed(2)).join(', ')}`;
      // Centred on the disc: no shift up/left (the demo's logits make the mask a little smaller, evenly).
      assert.ok(Math.abs((l + r2) / 2) <= 0.25 && Math.abs((t + b) / 2) <= 0.25, note);
      assert.ok(
        off.every((v) => Math.abs(v) <= 1.5),
        note,
      );
    } finally {
      await o.page.close();
    }
  });

  it('hover with a slow decoder: one decode in flight at a time, a result the pointer has left is never shown', { timeout: 120_000 }, async () => {
    const o = await openAsync(rig);
    await slowDecodesAsync(o.page, 800);
    try {
      await o.page.reload();
      await loadSceneAsync(o);
      const canvas = o.ui.locator('canvas').first();
      const box = await canvas.boundingBox();
      assert.ok(box);
      const toScreen = (x: number, y: number) => [box.x + (x / scene.image.width) * box.width, box.y + (y / scene.image.height) * box.height] as const;
      // Record every preview the canvas shows.
      await canvas.evaluate((el) => {
        const wrap = el.closest('.canvas-wrap') as HTMLElement;
        const seen: string[] = [];
        (globalThis as unknown as { previews: string[] }).previews = seen;
        new MutationObserver(() => seen.push(`${wrap.getAttribute('data-preview-label')}@${wrap.getAttribute('data-preview-at')}`)).observe(wrap, {
          attributes: true,
          attributeFilter: ['data-preview-at', 'data-preview-label'],
        });
      });
      await o.page.mouse.move(...toScreen(scene.disc.cx, scene.disc.cy));
      await o.page.waitForTimeout(200); // past the debounce: the disc decode is in flight
      for (let i = 1; i <= 10; i++) {
        await o.page.mouse.move(
          ...toScreen(scene.disc.cx + ((squarePoint.x - scene.disc.cx) * i) / 10, scene.disc.cy + ((squarePoint.y - scene.disc.cy) * i) / 10),
        );
      }
      const wrap = o.ui.locator('.canvas-wrap');
      for (let t = 0; t < 50 && (await wrap.getAttribute('data-preview-label')) !== 'blue'; t++) await o.page.waitForTimeout(100);
      assert.equal(await wrap.getAttribute('data-preview-label'), 'blue');
      const stats = await decodeStatsAsync(o);
      const previews = await canvas.evaluate(() => (globalThis as unknown as { previews: string[] }).previews);
      await o.page.screenshot({ path: join(OUT, 'playground-hover-slow.png') });
      assert.equal(stats.maxInFlight, 1, `decodes in flight at once: ${JSON.stringify(stats)}`);
      assert.ok(stats.sent >= 2 && stats.sent <= 3, `the disc and the square decoded, not each move on the way: ${JSON.stringify(stats)}`);
      assert.ok(!previews.some((p) => p.startsWith('red')), `the disc's late result was shown: ${previews.join(' ')}`);
    } finally {
      await o.page.close();
    }
  });
});
