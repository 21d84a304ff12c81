/**
 * Full-size Focal-T, seeded random weights: `npm run convert` exports a structurally real SEEM
 * bundle (164.6M parameters) and the engine runs it end to end on astronaut.png. Random weights
 * mean the masks are meaningless; what is checked is that every stage runs with real SEEM shapes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { COCO_PANOPTIC } from '../../model-host/vocabulary/coco-panoptic';
import type { SeemEngine } from '../../ui/engine/engine';
import { fixture } from '../helpers/image-files';
import { nodeEngineAsync } from '../helpers/node-engine';

const root = join(import.meta.dirname, '../..');
let dir: string;
let engine: SeemEngine;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seem-focalt-'));
  const out = join(dir, 'seem-focalt-v0-random');
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'model-host/convert-cli.ts', '--random-init', '--config', 'focalt', '--out', out, '--bpe', 'test/fixtures/clip-bpe/bpe_simple_vocab_16e6.txt.gz', '--templates', '1'],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /164,619,\d+ parameters/);
  engine = await nodeEngineAsync(out);
});
after(() => rm(dir, { recursive: true, force: true }));

it('Focal-T random-init bundle: encode astronaut.png, decode a click, text and everything', { timeout: 600_000 }, async () => {
  const meta = await engine.encodeImageAsync('astronaut', fixture('astronaut.png'));
  assert.deepEqual([meta.paddedWidth, meta.paddedHeight], [512, 512]);
  const names = new Set([...COCO_PANOPTIC.map((c) => c.name), 'background']);
  for (const prompt of [{ visual: [{ kind: 'click' as const, x: 250, y: 120, positive: true }] }, { text: 'a person' }]) {
    const r = await engine.decodeAsync('astronaut', [prompt]);
    assert.equal(r.status, 'done');
    if (r.status !== 'done') return;
    const [res] = r.value;
    assert.deepEqual([res?.mask.width, res?.mask.height], [128, 128]);
    assert.ok(res?.mask.data.every(Number.isFinite));
    assert.ok(names.has(res?.category ?? ''), res?.category);
    assert.ok(res && res.query >= 0 && res.query < 101);
  }
  const segments = await engine.segmentEverythingAsync('astronaut');
  for (const s of segments) assert.ok(names.has(s.category));
});
