/**
 * Batch mode end to end in headless Chromium: the built dist/ui.html in the playground (its simulated
 * sandbox, the manifest's CSP, the demo bundle on a model host), on ≥ 6 different colour scenes — text
 * batch, reference batch, cancel mid-way, a corrupt image, a layer deleted before Apply, the remote encoder,
 * the quick action on a multi-selection — asserting the written layers: names, counts, IoU of each vector with the scene's
 * red disc ≥ 0.95.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { iou, rasterizePath } from '../../ui/vector/index';
import { triangleImage } from '../helpers/scene';
import { corruptPng, pngBytes, variedScenes, type VariedScene } from '../helpers/varied-scenes';
import { OUT, groupsAsync, openAsync, statusAsync, startRigAsync, type Opened, type Rig } from './playground-session';

let rig: Rig;
before(async () => {
  rig = await startRigAsync();
});
after(async () => {
  await rig?.close();
});

interface Layer {
  nodeId: string;
  name: string;
  hash: string;
  bytes: number[];
  width: number;
  height: number;
}
const asLayer = (s: { name: string; png: Uint8Array; width: number; height: number }, i: number): Layer => ({
  nodeId: `7:${i}`,
  name: s.name,
  hash: `batch-${s.name}-${i}`,
  bytes: [...s.png],
  width: s.width,
  height: s.height,
});

const selectAsync = async (o: Opened, layers: Layer[]): Promise<void> => {
  await o.ui.locator('text=Choose a photo').waitFor({ timeout: 30_000 });
  await o.page.evaluate((list) => {
    const pg = (globalThis as unknown as { playground: { sandbox: { select(images: unknown[]): void } } }).playground;
    pg.sandbox.select(list.map((i) => ({ ...i, bytes: new Uint8Array(i.bytes) })));
  }, layers);
};

const sandboxCallAsync = (o: Opened, method: 'remove' | 'runQuick', arg: string) =>
  o.page.evaluate(
    ([m, a]) => {
      const sb = (globalThis as unknown as { playground: { sandbox: Record<string, (x: string) => void> } }).playground.sandbox;
      sb[m]?.(a);
    },
    [method, arg] as const,
  );

/** The batch panel, its result rows and its progress line, by role and name. */
const batchOf = (o: Opened) => o.ui.getByRole('region', { name: 'Batch' });
const rows = (o: Opened) => batchOf(o).getByRole('list', { name: 'Batch results' }).getByRole('listitem');
const rowsIn = (o: Opened, state: 'done' | 'waiting' | 'failed') => rows(o).and(o.ui.locator(`[data-state="${state}"]`));
const progress = (o: Opened) => batchOf(o).getByRole('progressbar', { name: 'Batch progress' });
const progressAsync = async (o: Opened) => (await progress(o).textContent()) ?? '';
const button = (o: Opened, name: string) => batchOf(o).getByRole('button', { name, exact: true });

/** Waits for the batch to end ("· done" / "· cancelled"); on time-out the error carries progress and status. */
const batchEndAsync = async (o: Opened, end: 'done' | 'cancelled', timeout = 90_000): Promise<void> => {
  await progress(o)
    .filter({ hasText: `· ${end}` })
    .waitFor({ timeout })
    .catch(async (e: unknown) => {
      throw new Error(`${String(e)}\nprogress: ${await progressAsync(o)}\nstatus: ${await statusAsync(o)}`);
    });
};

const runTextAsync = async (o: Opened, text: string): Promise<void> => {
  await button(o, 'Run batch').and(o.ui.locator(':enabled')).waitFor({ timeout: 60_000 });
  await batchOf(o).getByRole('combobox', { name: 'Batch text' }).fill(text);
  await button(o, 'Run batch').click();
};

/** Each written group: one layer named `red`, over the scene it was cut from, IoU with that scene's disc ≥ 0.95. */
const assertWrittenAsync = async (o: Opened, scenes: readonly VariedScene[], expected: readonly string[]): Promise<void> => {
  const groups = await groupsAsync(o);
  assert.deepEqual(groups.map((g) => g.name).sort(), expected.map((n) => `Cutout · ${n}`).sort());
  for (const g of groups) {
    const s = scenes.find((x) => `Cutout · ${x.name}` === g.name);
    assert.ok(s, g.name);
    assert.deepEqual(
      g.layers.map((l) => l.name),
      ['red'],
      g.name,
    );
    const score = iou(rasterizePath(g.layers[0]?.path.data ?? '', s.width, s.height), s.disc);
    assert.ok(score >= 0.95, `${g.name}: IoU ${score.toFixed(3)}`);
  }
};

describe('playground batch (headless Chromium)', () => {
  it(
    'text batch on 6 scenes: results listed as they arrive, one rejected, Apply all writes the others next to their layers',
    { timeout: 180_000 },
    async () => {
      const o = await openAsync(rig);
      try {
        const scenes = variedScenes(6);
        await selectAsync(o, scenes.map(asLayer));
        await batchOf(o).getByRole('heading', { name: 'Batch — 6 images' }).waitFor({ timeout: 30_000 });
        await runTextAsync(o, 'red');
        await batchEndAsync(o, 'done');
        assert.match(await progressAsync(o), /6 of 6/);
        assert.equal(await rows(o).count(), 6);
        assert.equal(await rowsIn(o, 'done').getByRole('img').count(), 6, 'a thumbnail per result');
        assert.deepEqual(await o.ui.locator('.batch-results .batch-category').allTextContents(), Array(6).fill('red'));
        assert.equal((await groupsAsync(o)).length, 0, 'nothing is written before Apply all');
        await batchOf(o).getByRole('checkbox', { name: 'accept Scene 4' }).uncheck();
        await button(o, 'Apply all (5)').click();
        await o.ui.locator('text=Added 5 layers over 5 images').waitFor({ timeout: 20_000 });
        await assertWrittenAsync(o, scenes, ['Scene 1', 'Scene 2', 'Scene 3', 'Scene 5', 'Scene 6']);
        await o.page.screenshot({ path: join(OUT, 'playground-batch-text.png') });
        await button(o, 'Clear').click();
        await rows(o).first().waitFor({ state: 'detached' });
        assert.equal(await progress(o).count(), 0, 'cleared: no progress, no results');
        assert.deepEqual(o.errors, []);
      } finally {
        await o.page.close();
      }
    },
  );

  it('reference batch: a region marked on a reference image finds the same thing in 6 scenes', { timeout: 180_000 }, async () => {
    const o = await openAsync(rig);
    try {
      const scenes = variedScenes(6);
      const tri = triangleImage();
      const reference = { name: 'Red triangle', png: pngBytes(tri.image), width: tri.image.width, height: tri.image.height };
      await selectAsync(o, [...scenes, reference].map(asLayer));
      await o.ui.getByRole('listitem').filter({ hasText: 'Red triangle' }).getByRole('button', { name: 'use as reference' }).click();
      await o.ui.getByRole('button', { name: 'Reference', exact: true }).click();
      // The editor's canvas has a label but no role.
      const canvas = o.ui.getByLabel('Reference image Red triangle');
      await canvas.waitFor({ timeout: 60_000 });
      const box = await canvas.boundingBox();
      assert.ok(box);
      await canvas.click({ position: { x: (tri.centroid[0] / tri.image.width) * box.width, y: (tri.centroid[1] / tri.image.height) * box.height } });
      await batchOf(o).getByRole('checkbox', { name: 'the region marked on “Red triangle”' }).check({ timeout: 30_000 });
      await button(o, 'Run batch').and(o.ui.locator(':enabled')).click();
      await batchEndAsync(o, 'done');
      assert.match(await progressAsync(o), /7 of 7/);
      // The reference itself is in the selection too: not wanted here.
      await batchOf(o).getByRole('checkbox', { name: 'accept Red triangle' }).uncheck();
      await button(o, 'Apply all (6)').click();
      await o.ui.locator('text=Added 6 layers over 6 images').waitFor({ timeout: 20_000 });
      await assertWrittenAsync(
        o,
        scenes,
        scenes.map((s) => s.name),
      );
      assert.deepEqual(o.errors, []);
    } finally {
      await o.page.close();
    }
  });

  it('cancel mid-way: what is done stays listed, nothing is written until Apply all, which writes only those', { timeout: 180_000 }, async () => {
    const o = await openAsync(rig);
    try {
      const scenes = variedScenes(16, [512, 512]);
      await selectAsync(o, scenes.map(asLayer));
      await runTextAsync(o, 'red');
      await rowsIn(o, 'done').first().waitFor({ timeout: 60_000 });
      await button(o, 'Cancel').click();
      await batchEndAsync(o, 'cancelled');
      const done = await rowsIn(o, 'done').count();
      assert.ok(done >= 1 && done < 16, `${done} of 16 done when cancelled`);
      assert.equal(await rowsIn(o, 'waiting').count(), 16 - done, 'the rest never ran');
      assert.match(await progressAsync(o), new RegExp(`^${done} of 16 · cancelled`));
      assert.equal((await groupsAsync(o)).length, 0, 'cancel writes nothing');
      await button(o, `Apply all (${done})`).click();
      await o.ui.locator(`text=Added ${done} layer`).waitFor({ timeout: 20_000 });
      await assertWrittenAsync(
        o,
        scenes,
        scenes.slice(0, done).map((s) => s.name),
      );
    } finally {
      await o.page.close();
    }
  });

  it('a corrupt image is listed with its reason and the batch goes on', { timeout: 180_000 }, async () => {
    const o = await openAsync(rig);
    try {
      const scenes = variedScenes(6);
      const layers = scenes.map(asLayer);
      layers.splice(2, 0, asLayer({ name: 'Broken', png: corruptPng(), width: 64, height: 64 }, 99));
      await selectAsync(o, layers);
      await runTextAsync(o, 'red');
      await batchEndAsync(o, 'done');
      const broken = rows(o).filter({ hasText: 'Broken' });
      assert.equal(await broken.getAttribute('data-state'), 'failed');
      assert.match((await broken.textContent()) ?? '', /PNG data is corrupt or unsupported/);
      assert.equal(await rowsIn(o, 'done').count(), 6, 'the images after it were done too');
      await button(o, 'Apply all (6)').click();
      await o.ui.locator('text=Added 6 layers over 6 images').waitFor({ timeout: 20_000 });
      await assertWrittenAsync(
        o,
        scenes,
        scenes.map((s) => s.name),
      );
    } finally {
      await o.page.close();
    }
  });

  it('a layer deleted before Apply is refused by name; the others are written', { timeout: 180_000 }, async () => {
    const o = await openAsync(rig);
    try {
      const scenes = variedScenes(6);
      await selectAsync(o, scenes.map(asLayer));
      await runTextAsync(o, 'red');
      await batchEndAsync(o, 'done');
      await sandboxCallAsync(o, 'remove', '7:2');
      await batchOf(o).getByRole('heading', { name: 'Batch — 5 images' }).waitFor();
      await button(o, 'Apply all (6)').click();
      await o.ui.locator('text=Added 5 layers over 5 images').waitFor({ timeout: 20_000 });
      assert.match(await statusAsync(o), /Not written: “Scene 3” \(The image layer no longer exists/);
      assert.equal(await rows(o).filter({ hasText: 'Scene 3' }).getAttribute('data-applied'), 'refused');
      assert.match((await o.page.locator('.toast').textContent()) ?? '', /Not written: “Scene 3”/, 'the sandbox says so too (figma.notify)');
      await assertWrittenAsync(
        o,
        scenes,
        scenes.filter((_, i) => i !== 2).map((s) => s.name),
      );
    } finally {
      await o.page.close();
    }
  });

  it('with the remote encoder (Settings), each image is encoded on the model host (KServe infer) and decoded here', { timeout: 180_000 }, async () => {
    const o = await openAsync(rig);
    try {
      await o.page.addInitScript(() => {
        try {
          localStorage.setItem('seem-cutout-playground-settings', JSON.stringify({ backend: 'remote-encoder' }));
        } catch {
          // The plugin's opaque-origin iframe has no localStorage; only the playground page needs it.
        }
      });
      const infers: string[] = [];
      o.page.on('request', (r) => {
        if (r.url().endsWith('/infer')) infers.push(r.url());
      });
      await o.page.reload();
      const scenes = variedScenes(6);
      await selectAsync(o, scenes.map(asLayer));
      // The editor encodes the first image as soon as the engine is up (on the host too): counted apart.
      await o.ui.locator('text=Ready — Scene 1').waitFor({ timeout: 60_000 });
      const before = infers.length;
      await runTextAsync(o, 'red');
      await batchEndAsync(o, 'done');
      // Scene 1, already encoded for the editor, is reused: the other five go to the host.
      assert.equal(infers.length - before, 5, `${infers.length - before} infer requests for the 5 images not yet encoded`);
      await button(o, 'Apply all (6)').click();
      await o.ui.locator('text=Added 6 layers over 6 images').waitFor({ timeout: 20_000 });
      await assertWrittenAsync(
        o,
        scenes,
        scenes.map((s) => s.name),
      );
    } finally {
      await o.page.close();
    }
  });

  it('the quick action "Cut out red" on a multi-selection runs as a batch and writes every image in one apply', { timeout: 180_000 }, async () => {
    const o = await openAsync(rig);
    try {
      const scenes = variedScenes(6);
      await selectAsync(o, scenes.map(asLayer));
      await batchOf(o).getByRole('heading', { name: 'Batch — 6 images' }).waitFor({ timeout: 30_000 });
      await sandboxCallAsync(o, 'runQuick', 'red');
      await o.page.locator('.toast:has-text("the plugin closed itself")').waitFor({ timeout: 90_000 });
      await assertWrittenAsync(
        o,
        scenes,
        scenes.map((s) => s.name),
      );
    } finally {
      await o.page.close();
    }
  });
});
