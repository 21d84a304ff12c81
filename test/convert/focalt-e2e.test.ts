/**
 * Full-size Focal-T, seeded random weights, both decoder layouts: `npm run convert` exports a
 * structurally real SEEM bundle (164.6M parameters) and the engine runs it end to end on
 * astronaut.png. Random weights mean the masks are meaningless; what is checked is that every
 * stage runs with real SEEM shapes and that answers come from the layout's query groups.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { COCO_PANOPTIC } from '../../model-host/vocabulary/coco-panoptic';
import { convertRandomInit } from '../helpers/convert';
import { fixture } from '../helpers/image-files';
import { nodeEngineAsync } from '../helpers/node-engine';

const names = new Set([...COCO_PANOPTIC.map((c) => c.name), 'background']);

const runAsync = async (layout: 'v0' | 'v1'): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), `seem-focalt-${layout}-`));
  try {
    const out = join(dir, 'bundle');
    assert.match(convertRandomInit(out, ['--config', 'focalt', '--layout', layout, '--precision', 'fp32']), /164,619,\d+ parameters/);
    // Random weights are never confident: at SEEM's thresholds (0.8) no object query survives and
    // segment everything is rightly empty, which would check nothing. At 0 every object query whose
    // best class is not background takes part, so the panoptic merge has real work to show.
    const manifestPath = join(out, 'seem.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { scores: { objectThreshold: number; overlapThreshold: number } };
    manifest.scores.objectThreshold = 0;
    manifest.scores.overlapThreshold = 0;
    await writeFile(manifestPath, JSON.stringify(manifest));
    const engine = await nodeEngineAsync(out);
    try {
      const meta = await engine.encodeImageAsync('astronaut', fixture('astronaut.png'));
      assert.deepEqual([meta.paddedWidth, meta.paddedHeight], [512, 512]);
      assert.equal(engine.bundle.manifest.dims.queries, 101);
      assert.equal(engine.bundle.manifest.model.decoder, layout === 'v0' ? 'combined' : 'split');
      const prompts = [{ visual: [{ kind: 'click' as const, x: 250, y: 120, positive: true }] }, { text: 'a person' }];
      for (const [i, prompt] of prompts.entries()) {
        const d = await engine.decodeAsync('astronaut', [prompt]);
        assert.equal(d.status, 'done');
        if (d.status !== 'done') return;
        const [res] = d.value;
        assert.deepEqual([res?.mask.width, res?.mask.height], [128, 128]);
        assert.ok(res?.mask.data.every(Number.isFinite));
        assert.ok(names.has(res?.category ?? ''), res?.category);
        // v0: object queries answer everything; v1: object 0's spatial queries (202-204), grounding queries for text (101-201)
        const [lo, hi] = layout === 'v0' ? [0, 101] : i === 0 ? [202, 205] : [101, 202];
        assert.ok(res && res.query >= lo && res.query < hi, `query ${res?.query}`);
      }
      const segments = await engine.segmentEverythingAsync('astronaut');
      assert.ok(segments.length > 0, 'segment everything found nothing');
      // segments are full-resolution masks of the resized image (upstream's merge: ui/engine/panoptic.ts)
      const owner = new Int32Array(512 * 512).fill(-1);
      segments.forEach((s, i) => {
        assert.ok(names.has(s.category) && s.category !== 'background', s.category);
        assert.ok(s.score > 0 && s.score <= 1, `score ${s.score}`);
        assert.deepEqual([s.mask.width, s.mask.height], [512, 512]);
        let area = 0;
        s.mask.data.forEach((v, p) => {
          if (v <= 0) return;
          area++;
          assert.equal(owner[p], -1, `pixel ${p} is in segments ${owner[p]} and ${i}`);
          owner[p] = i;
        });
        assert.ok(area > 0, `segment ${i} (${s.category}) is empty`);
      });
    } finally {
      const b = engine.bundle;
      await Promise.all([b.encoder, b.visual, b.decoder, b.text].flatMap((s) => (s ? [s.release()] : [])));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

it('Focal-T v0 random-init bundle: encode astronaut.png, decode a click, text and everything', { timeout: 600_000 }, () => runAsync('v0'));
it('Focal-T v1 random-init bundle: the same through the v1 query groups', { timeout: 600_000 }, () => runAsync('v1'));
