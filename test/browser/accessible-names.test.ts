/**
 * Every control has an accessible name (visible text, a label or aria-label), in the plugin panel in each of its
 * states and in the playground's own chrome; and a whole flow driven by role and name only, as assistive tech
 * (and these tests) see the panel: pick a photo, choose the reference, segment everything, hide one segment,
 * switch the output with the arrow keys, set a slider, apply. And the batch panel (a multi-selection): before a
 * run, with the reference's region offered, and with its results listed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { triangleImage } from '../helpers/scene';
import { corruptPng, pngBytes, variedScenes } from '../helpers/varied-scenes';
import { groupsAsync, openAsync, type Rig, startRigAsync } from './playground-session';

let rig: Rig;
before(async () => {
  rig = await startRigAsync();
});
after(async () => {
  await rig?.close();
});

const CONTROLS = [
  'button',
  'input',
  'select',
  'textarea',
  '[role="radio"]',
  '[role="slider"]',
  '[role="checkbox"]',
  '[role="switch"]',
  '[role="tab"]',
  '[role="progressbar"]',
]
  .map((s) => `${s}:visible`)
  .join(', ');

/**
 * The visible controls under `root` whose accessible name (as Playwright's aria snapshot computes it, from
 * the accessibility tree's rules) is empty, each described by its snapshot line and the start of its HTML.
 */
const unnamedAsync = async (root: Page | FrameLocator): Promise<string[]> => {
  const unnamed: string[] = [];
  const controls = await root.locator(CONTROLS).all();
  assert.ok(controls.length > 0, 'no controls found');
  for (const control of controls) {
    // `- button "Apply"`, `- checkbox "One fill"` (YAML-quoted as a whole when the name holds a colon: `- 'slider "A: b"'`);
    // a control without a name has no quoted string after its role.
    const line = (await control.ariaSnapshot()).split('\n')[0] ?? '';
    if (!/^- '?[\w-]+ "[^"]*\S[^"]*"/.test(line)) {
      unnamed.push(`${line || '(no snapshot)'} — ${(await control.evaluate((el) => el.outerHTML)).slice(0, 120)}`);
    }
  }
  return unnamed;
};

describe('accessible names (headless Chromium)', () => {
  it('every control is named, and a flow runs by role and name alone', { timeout: 180_000 }, async () => {
    const o = await openAsync(rig);
    try {
      const ui = o.ui;
      // The playground's chrome: photo buttons by file name, the file input by its label.
      await o.page.getByRole('button', { name: 'Scene + reference' }).waitFor();
      assert.deepEqual(await unnamedAsync(o.page), [], 'playground controls without a name');

      await o.page.getByRole('button', { name: 'Scene + reference' }).click();
      await ui.getByText('Ready —').waitFor({ timeout: 60_000 });
      await ui.getByRole('button', { name: 'use as reference' }).click();
      await ui.getByRole('button', { name: 'reference ✓' }).waitFor({ timeout: 30_000 });
      // With all five tools, the toolbar is still one 32 px line at the plugin's width.
      const tops = await ui
        .getByRole('toolbar', { name: 'Tools' })
        .getByRole('button')
        .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
      assert.equal(tops.length, 9);
      assert.equal(new Set(tops).size, 1, `toolbar buttons on more than one line: ${tops.join(', ')}`);
      await ui.getByRole('button', { name: 'Reference', exact: true }).click();
      assert.equal(await ui.getByRole('button', { name: 'Reference', exact: true }).getAttribute('aria-pressed'), 'true');
      await ui.getByRole('button', { name: 'Click', exact: true }).click();
      assert.equal(await ui.getByRole('button', { name: 'Click', exact: true }).getAttribute('aria-pressed'), 'true');

      await ui.getByRole('button', { name: 'Everything', exact: true }).click();
      await ui.getByText('3 segments found').waitFor({ timeout: 20_000 });
      assert.deepEqual(await unnamedAsync(ui), [], 'panel controls without a name (segments listed)');

      await ui.getByRole('button', { name: 'Hide green' }).click();
      await ui.getByRole('button', { name: 'Show green' }).waitFor();

      const output = ui.getByRole('radiogroup', { name: 'Output' });
      await output.getByRole('radio', { name: 'Vector', exact: true }).focus();
      await o.page.keyboard.press('ArrowRight');
      assert.equal(await output.getByRole('radio', { name: 'Vector + clip' }).getAttribute('aria-checked'), 'true');
      assert.equal(await output.getByRole('radio', { name: 'Vector + clip' }).evaluate((el) => el === document.activeElement), true);

      await ui.getByRole('slider', { name: 'Smoothness' }).fill('1.5');
      await ui.getByText('1.50 px').waitFor();

      await ui.getByRole('button', { name: 'Apply', exact: true }).click();
      await ui.getByText('Added 2 layers').waitFor({ timeout: 20_000 });
      const [group] = await groupsAsync(o);
      assert.deepEqual(group?.layers.map((l) => l.name).sort(), ['blue', 'red']);

      await ui.getByRole('button', { name: 'Settings' }).click();
      await ui.getByRole('dialog', { name: 'Settings' }).waitFor();
      await ui.getByRole('radiogroup', { name: 'Hover preview' }).getByRole('radio', { name: 'Off' }).click();
      assert.deepEqual(await unnamedAsync(ui), [], 'panel controls without a name (settings open)');
      assert.deepEqual(await unnamedAsync(o.page), [], 'playground controls without a name (a group applied)');
      assert.deepEqual(o.errors, []);
    } finally {
      await o.page.close();
    }
  });

  it(
    'the batch panel (a multi-selection): every control is named before a run, with the reference offered, and with results',
    { timeout: 180_000 },
    async () => {
      const o = await openAsync(rig);
      try {
        const ui = o.ui;
        await ui.getByText('Choose a photo').waitFor({ timeout: 30_000 });
        const tri = triangleImage();
        const layers = [
          ...variedScenes(3),
          { name: 'Broken', png: corruptPng(), width: 64, height: 64 },
          { name: 'Red triangle', png: pngBytes(tri.image), width: tri.image.width, height: tri.image.height },
        ].map((s, i) => ({ nodeId: `7:${i}`, name: s.name, hash: `names-${i}`, bytes: [...s.png], width: s.width, height: s.height }));
        await o.page.evaluate((list) => {
          const pg = (globalThis as unknown as { playground: { sandbox: { select(images: unknown[]): void } } }).playground;
          pg.sandbox.select(list.map((i) => ({ ...i, bytes: new Uint8Array(i.bytes) })));
        }, layers);
        const batch = ui.getByRole('region', { name: 'Batch' });
        await batch.getByRole('heading', { name: 'Batch — 5 images' }).waitFor({ timeout: 30_000 });
        assert.deepEqual(await unnamedAsync(ui), [], 'panel controls without a name (batch, before a run)');

        // A region marked on the reference: the batch offers it, as a checkbox named by its label.
        await ui.getByRole('listitem').filter({ hasText: 'Red triangle' }).getByRole('button', { name: 'use as reference' }).click();
        await ui.getByRole('button', { name: 'Reference', exact: true }).click();
        // The editor's canvas has a label but no role: found by its label.
        const canvas = ui.getByLabel('Reference image Red triangle');
        await canvas.waitFor({ timeout: 60_000 });
        const box = await canvas.boundingBox();
        assert.ok(box);
        await canvas.click({ position: { x: (tri.centroid[0] / tri.image.width) * box.width, y: (tri.centroid[1] / tri.image.height) * box.height } });
        const useRegion = batch.getByRole('checkbox', { name: 'the region marked on “Red triangle”' });
        await useRegion.waitFor({ timeout: 30_000 });
        assert.deepEqual(await unnamedAsync(ui), [], 'panel controls without a name (batch, the reference offered)');

        await batch.getByRole('combobox', { name: 'Batch text' }).fill('red');
        await batch.getByRole('button', { name: 'Run batch' }).click();
        await batch.getByRole('progressbar', { name: 'Batch progress' }).filter({ hasText: '· done' }).waitFor({ timeout: 90_000 });
        assert.equal(await batch.getByRole('list', { name: 'Batch results' }).getByRole('listitem').count(), 5);
        assert.deepEqual(await unnamedAsync(ui), [], 'panel controls without a name (batch, results listed)');
        await batch.getByRole('checkbox', { name: 'accept Scene 2' }).waitFor();
        await batch.getByRole('img', { name: 'Scene 1: red' }).waitFor();
        await batch.getByRole('button', { name: 'Clear', exact: true }).click();
        await batch.getByRole('progressbar').waitFor({ state: 'detached' });
        assert.deepEqual(o.errors, []);
      } finally {
        await o.page.close();
      }
    },
  );
});
