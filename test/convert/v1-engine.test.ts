/**
 * A v1-layout bundle (tiny config, seeded random weights, 2 objects per decode) made by
 * `npm run convert`, run by the engine: visual prompts pick their own object's spatial queries,
 * text picks a grounding query, several objects share one decoder run without changing each
 * other's result, and the previous mask (memory) reaches the decoder. Random weights: the masks
 * mean nothing; the routing is what is checked.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { ObjectPrompt, ObjectResult, SeemEngine } from '../../ui/engine/engine';
import { convertRandomInit } from '../helpers/convert';
import { fixture } from '../helpers/image-files';
import { nodeEngineAsync, webWasmEngineAsync } from '../helpers/node-engine';

let dir: string;
let out: string;
let engine: SeemEngine;
let Q: number;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seem-v1-'));
  out = join(dir, 'bundle');
  convertRandomInit(out, ['--config', 'tiny', '--layout', 'v1', '--max-objects', '2', '--max-points', '32']);
  const manifest = JSON.parse(await readFile(join(out, 'seem.json'), 'utf8')) as { model: { layout: string }; dims: { queries: number; maxObjects: number } };
  assert.equal(manifest.model.layout, 'v1');
  assert.equal(manifest.dims.maxObjects, 2);
  Q = (manifest.dims.queries - 6) / 2; // object + grounding queries, then 3 spatial queries per object
  engine = await nodeEngineAsync(out);
  await engine.encodeImageAsync('horse', fixture('horse.png'));
});
after(() => rm(dir, { recursive: true, force: true }));

const click = (x: number, y: number, positive = true): ObjectPrompt => ({ visual: [{ kind: 'click', x, y, positive }] });

const decode = async (objects: ObjectPrompt[]): Promise<ObjectResult[]> => {
  const r = await engine.decodeAsync('horse', objects);
  assert.equal(r.status, 'done');
  return r.status === 'done' ? r.value : [];
};

const maxDelta = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

it('each object is answered by its own spatial queries; sharing a run changes no result', { timeout: 120_000 }, async () => {
  const objects = [click(120, 90), { visual: [{ kind: 'box' as const, x0: 20, y0: 30, x1: 160, y1: 150 }] }, click(40, 200)];
  const together = await decode(objects);
  assert.equal(together.length, 3);
  // runs: objects 0 and 1 in slots 0 and 1, object 2 alone in slot 0
  const slots = together.map((r) => Math.floor((r.query - 2 * Q) / 3));
  assert.deepEqual(slots, [0, 1, 0]);
  for (const [i, o] of objects.entries()) {
    const [alone] = await decode([o]);
    assert.ok(alone && alone.query - 2 * Q < 3, 'an object decoded alone uses slot 0');
    assert.equal((alone.query - 2 * Q) % 3, ((together[i] as ObjectResult).query - 2 * Q) % 3);
    assert.ok(maxDelta(alone.mask.data, (together[i] as ObjectResult).mask.data) < 1e-3, `object ${i}`);
    assert.ok(Math.abs(alone.score - (together[i] as ObjectResult).score) < 1e-3 * Math.max(1, Math.abs(alone.score)), `object ${i} score`);
  }
});

it('text alone is answered by a grounding query', { timeout: 60_000 }, async () => {
  const [r] = await decode([{ text: 'a horse' }]);
  assert.ok(r && r.query >= Q && r.query < 2 * Q, `query ${r?.query}`);
});

it('the previous mask reaches the decoder as memory', { timeout: 60_000 }, async () => {
  const [first] = await decode([click(120, 90)]);
  assert.ok(first);
  const [again] = await decode([click(120, 90)]);
  const [refined] = await decode([{ ...click(120, 90), previous: first.mask }]);
  assert.ok(again && refined);
  assert.ok(maxDelta(again.mask.data, first.mask.data) < 1e-5, 'deterministic');
  assert.ok(maxDelta(refined.mask.data, first.mask.data) > 1e-3, 'memory changes the answer');
  assert.ok(refined.mask.data.every(Number.isFinite));
});

it("in a shared run, each object's previous mask reaches only that object", { timeout: 60_000 }, async () => {
  const [a, b] = await decode([click(120, 90), click(40, 200)]);
  assert.ok(a && b);
  const inverted = { ...b.mask, data: b.mask.data.map((v) => -v) };
  const [a1, b1] = await decode([{ ...click(120, 90), previous: a.mask }, { ...click(40, 200), previous: b.mask }]);
  const [a2, b2] = await decode([{ ...click(120, 90), previous: a.mask }, { ...click(40, 200), previous: inverted }]);
  assert.ok(a1 && b1 && a2 && b2);
  assert.ok(maxDelta(a1.mask.data, a2.mask.data) < 1e-5, "object 0 ignores object 1's memory");
  assert.ok(maxDelta(b1.mask.data, b2.mask.data) > 1e-3, 'object 1 follows its own memory');
});

it("onnxruntime-web's wasm build runs the v1 graphs and agrees with onnxruntime-node", { timeout: 120_000 }, async () => {
  const web = await webWasmEngineAsync(out);
  await web.encodeImageAsync('horse', fixture('horse.png'));
  const prompts = [click(120, 90), click(40, 200, false)];
  const r = await web.decodeAsync('horse', [{ visual: prompts.flatMap((p) => p.visual ?? []) }, { text: 'a horse' }]);
  assert.equal(r.status, 'done');
  const [mine, text] = await decode([{ visual: prompts.flatMap((p) => p.visual ?? []) }, { text: 'a horse' }]);
  if (r.status !== 'done' || !mine || !text) return;
  assert.equal(r.value[0]?.query, mine.query);
  assert.equal(r.value[1]?.query, text.query);
  assert.ok(maxDelta(r.value[0].mask.data, mine.mask.data) < 1e-3);
});

it('segment everything uses only the object queries', { timeout: 60_000 }, async () => {
  const segments = await engine.segmentEverythingAsync('horse');
  for (const s of segments) assert.ok(engine.categories.includes(s.category));
});
