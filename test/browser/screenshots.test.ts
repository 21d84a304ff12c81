/**
 * Screenshots of the plugin panel in each state a designer meets (first run, loading, ready, hover, several
 * objects, everything, cutout preview and apply, settings, errors, dark theme, a finished batch, light and dark) into test/output/screenshots/,
 * to be looked at after a UI change. Each step also waits for what the state must show, so a broken state
 * fails here rather than producing a misleading picture.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { corruptPng, variedScenes } from '../helpers/varied-scenes';
import { OUT, clickImageAsync, openAsync, scene, slowDecodesAsync, type Opened, type Rig, startRigAsync } from './playground-session';

const DIR = join(OUT, 'screenshots');
let rig: Rig;
before(async () => {
  rig = await startRigAsync();
  await mkdir(DIR, { recursive: true });
});
after(async () => {
  await rig?.close();
});

/** The plugin's iframe only (360 px wide, as in Figma), or the whole playground. */
const shotAsync = async (o: Opened, name: string, whole = false): Promise<void> => {
  if (whole) await o.page.screenshot({ path: join(DIR, `${name}.png`) });
  else await o.page.locator('iframe').screenshot({ path: join(DIR, `${name}.png`) });
};

const squarePoint = { x: (scene.square.x0 + scene.hole.x0) / 2, y: (scene.square.y0 + scene.square.y1) / 2 };

/** The disc, then (Shift) the square as a second object; the pointer off the canvas, so no hover preview on top. */
const twoObjectsAsync = async (o: Opened): Promise<void> => {
  await clickImageAsync(o, scene.disc.cx, scene.disc.cy);
  await clickImageAsync(o, squarePoint.x, squarePoint.y, ['Shift']);
  await o.ui.locator('.chip', { hasText: 'blue' }).waitFor({ timeout: 20_000 });
  await o.page.mouse.move(0, 0);
  await o.ui.locator('.canvas-wrap:not([data-preview-label])').waitFor();
};

describe('screenshots of each state (headless Chromium)', () => {
  it('first run, loading, ready, tooltip, hover, several objects, everything, cutout, apply, settings', { timeout: 180_000 }, async () => {
    const o = await openAsync(rig);
    await slowDecodesAsync(o.page, 0, 2500);
    try {
      await o.page.reload();
      await o.ui.getByText('Choose a photo').waitFor({ timeout: 30_000 });
      await shotAsync(o, '01-first-run');
      await o.page.getByRole('button', { name: 'Colour test scene' }).click();
      await o.ui.getByText('Encoding').first().waitFor({ timeout: 30_000 });
      await shotAsync(o, '02-loading');
      await o.ui.getByText('Ready —').waitFor({ timeout: 60_000 });
      await shotAsync(o, '03-ready');
      await o.ui.getByRole('button', { name: 'Click', exact: true }).hover();
      await shotAsync(o, '04-tooltip');

      const canvas = o.ui.locator('canvas').first();
      const box = await canvas.boundingBox();
      if (!box) throw new Error('no canvas');
      await o.page.mouse.move(box.x + (scene.disc.cx / scene.image.width) * box.width, box.y + (scene.disc.cy / scene.image.height) * box.height);
      await o.ui.locator('.canvas-wrap[data-preview-label]').waitFor({ timeout: 20_000 });
      await shotAsync(o, '05-hover');

      await twoObjectsAsync(o);
      await shotAsync(o, '06-several-objects');

      await o.ui.getByRole('button', { name: 'Reset', exact: true }).click();
      await o.ui.getByRole('button', { name: 'Everything', exact: true }).click();
      await o.ui.getByText('3 segments found').waitFor({ timeout: 20_000 });
      await shotAsync(o, '07-everything');

      await o.ui.getByRole('button', { name: 'Hide green', exact: true }).click();
      await o.ui.getByRole('radio', { name: 'Vector + clip' }).click();
      await shotAsync(o, '08-cutout-preview');
      await o.ui.getByRole('button', { name: 'Apply', exact: true }).click();
      await o.ui.getByText('Added 2 layers').waitFor({ timeout: 20_000 });
      await o.page.locator('figure[data-group]').waitFor();
      await shotAsync(o, '09-applied', true);

      await o.ui.getByRole('button', { name: 'Settings', exact: true }).click();
      await o.ui.getByRole('dialog', { name: 'Settings' }).waitFor();
      await shotAsync(o, '10-settings');
    } finally {
      await o.page.close();
    }
  });

  it('dark theme: an image and its reference, several objects', { timeout: 120_000 }, async () => {
    const o = await openAsync(rig);
    try {
      await o.page.emulateMedia({ colorScheme: 'dark' });
      await o.page.getByRole('button', { name: 'Scene + reference' }).click();
      await o.ui.getByText('Ready —').waitFor({ timeout: 60_000 });
      await o.ui.getByRole('button', { name: 'use as reference' }).click();
      await o.ui.getByRole('button', { name: 'reference ✓' }).waitFor({ timeout: 30_000 });
      await twoObjectsAsync(o);
      await shotAsync(o, '11-dark');
    } finally {
      await o.page.close();
    }
  });

  it(
    "Figma's theme variables win over the fallbacks (html.figma-dark with --figma-color-*, as showUI's themeColors injects them)",
    { timeout: 120_000 },
    async () => {
      const o = await openAsync(rig);
      try {
        await o.page.getByRole('button', { name: 'Colour test scene' }).click();
        await o.ui.getByText('Ready —').waitFor({ timeout: 60_000 });
        // A few of Figma's dark tokens (values as seen in Figma's UI3; what matters is that the panel takes them).
        const background = await o.ui.locator('html').evaluate((html) => {
          html.classList.add('figma-dark');
          const tokens: Record<string, string> = {
            '--figma-color-bg': '#2c2c2c',
            '--figma-color-bg-secondary': '#383838',
            '--figma-color-bg-hover': '#383838',
            '--figma-color-bg-selected': '#4a5878',
            '--figma-color-text': '#ffffff',
            '--figma-color-text-secondary': '#ffffffb3',
            '--figma-color-border': '#444444',
            '--figma-color-icon': '#ffffff',
          };
          for (const [k, v] of Object.entries(tokens)) html.style.setProperty(k, v);
          return getComputedStyle(document.body).backgroundColor;
        });
        assert.equal(background, 'rgb(44, 44, 44)');
        await o.ui.getByRole('radio', { name: 'Vector + clip' }).click();
        await twoObjectsAsync(o);
        await shotAsync(o, '12-figma-dark-variables');
      } finally {
        await o.page.close();
      }
    },
  );

  it('batch: a multi-selection with a finished batch, results listed, one failed row', { timeout: 180_000 }, async () => {
    const o = await openAsync(rig);
    try {
      await o.ui.getByText('Choose a photo').waitFor({ timeout: 30_000 });
      const layers = variedScenes(4).map((s, i) => ({
        nodeId: `7:${i}`,
        name: s.name,
        hash: `shot-${i}`,
        bytes: [...s.png],
        width: s.width,
        height: s.height,
      }));
      layers.splice(2, 0, { nodeId: '7:99', name: 'Broken', hash: 'shot-broken', bytes: [...corruptPng()], width: 64, height: 64 });
      await o.page.evaluate((list) => {
        const pg = (globalThis as unknown as { playground: { sandbox: { select(images: unknown[]): void } } }).playground;
        pg.sandbox.select(list.map((i) => ({ ...i, bytes: new Uint8Array(i.bytes) })));
      }, layers);
      const batch = o.ui.getByRole('region', { name: 'Batch' });
      await batch.getByText('Batch — 5 images').waitFor({ timeout: 30_000 });
      await batch.getByRole('button', { name: 'Run batch' }).and(o.ui.locator(':not([disabled])')).waitFor({ timeout: 60_000 });
      await batch.getByRole('combobox', { name: 'Batch text' }).fill('red');
      await batch.getByRole('button', { name: 'Run batch' }).click();
      await batch.getByRole('progressbar').filter({ hasText: '· done' }).waitFor({ timeout: 90_000 });
      await batch.getByRole('checkbox', { name: 'accept Scene 4' }).uncheck();
      await batch.getByRole('button', { name: 'Apply all (3)' }).waitFor();
      // The pointer on the title (moving it off the page left the last row hovered), so no row shows a hover highlight.
      await batch.getByRole('heading', { name: 'Batch — 5 images' }).hover();
      await shotAsync(o, '15-batch');
      await batch.screenshot({ path: join(DIR, '15-batch-panel.png') });
      await o.page.emulateMedia({ colorScheme: 'dark' });
      await batch.screenshot({ path: join(DIR, '16-batch-dark.png') });
    } finally {
      await o.page.close();
    }
  });

  it('errors: the model host down (with Retry), a file that is not an image', { timeout: 120_000 }, async () => {
    const o = await openAsync(rig, '?host=http://127.0.0.1:9');
    try {
      await o.page.getByRole('button', { name: 'Colour test scene' }).click();
      await o.ui.getByRole('button', { name: 'Retry' }).waitFor({ timeout: 30_000 });
      await shotAsync(o, '13-error-host');
      await o.page.locator('input[type="file"]').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }]);
      await o.page.locator('.toast.error').waitFor({ timeout: 10_000 });
      await shotAsync(o, '14-error-file', true);
    } finally {
      await o.page.close();
    }
  });
});
