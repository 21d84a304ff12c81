/**
 * A v1-layout bundle (tiny config, seeded random weights, 2 objects per decode) made by
 * `npm run convert`, run by the engine: visual prompts pick their own object's spatial queries,
 * text picks a grounding query, several objects share one decoder run without changing each
 * other's result, and the previous mask (memory) reaches the decoder. The split decoder (the
 * default) answers every prompt kind exactly as the combined decoder converted from the same
 * weights does, in onnxruntime-node and onnxruntime-web's wasm. Random weights: the masks mean
 * nothing; routing and agreement are what is checked.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { ObjectPrompt, ObjectResult, SeemEngine } from '../../ui/engine/engine';
import * as ort from 'onnxruntime-node';
import { BUNDLE_CONTRACT } from '../../contracts/bundle-contract';
import { onnxMetadata } from '../../ui/engine/bundle/onnx-metadata';
import { embedClassNamesAsync, lengthBatches, type EotRunner } from '../../ui/engine/class-embeddings';
import { convertRandomInit } from '../helpers/convert';
import { fixture } from '../helpers/image-files';
import { nodeEngineAsync, webWasmEngineAsync } from '../helpers/node-engine';

let dir: string;
let out: string;
let combinedOut: string;
let engine: SeemEngine;
let Q: number;

const V1 = ['--config', 'tiny', '--layout', 'v1', '--max-objects', '2', '--max-points', '32'];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seem-v1-'));
  out = join(dir, 'bundle');
  combinedOut = join(dir, 'combined');
  convertRandomInit(out, V1);
  convertRandomInit(combinedOut, [...V1, '--decoder', 'combined']);
  const manifest = JSON.parse(await readFile(join(out, 'seem.json'), 'utf8')) as {
    model: { layout: string; decoder: string };
    dims: { queries: number; maxObjects: number };
  };
  assert.equal(manifest.model.layout, 'v1');
  assert.equal(manifest.model.decoder, 'split');
  assert.equal(manifest.dims.maxObjects, 2);
  Q = manifest.dims.queries; // results number rows as SEEM's combined order: Q object, Q grounding, 3 spatial per object
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
  const [a1, b1] = await decode([
    { ...click(120, 90), previous: a.mask },
    { ...click(40, 200), previous: b.mask },
  ]);
  const [a2, b2] = await decode([
    { ...click(120, 90), previous: a.mask },
    { ...click(40, 200), previous: inverted },
  ]);
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

/** Every prompt kind, as decode calls on the horse (with a reference on a second image). */
const FLOWS: { name: string; objects: (previous: (i: number) => ObjectResult | undefined) => ObjectPrompt[] }[] = [
  { name: 'click', objects: () => [click(120, 90)] },
  { name: 'click + negative', objects: () => [{ visual: [...(click(120, 90).visual ?? []), ...(click(40, 200, false).visual ?? [])] }] },
  { name: 'box', objects: () => [{ visual: [{ kind: 'box', x0: 20, y0: 30, x1: 160, y1: 150 }] }] },
  {
    name: 'scribble',
    objects: () => [
      {
        visual: [
          {
            kind: 'scribble',
            points: [
              [60, 60],
              [90, 80],
              [120, 110],
            ],
            radius: 6,
            positive: true,
          },
        ],
      },
    ],
  },
  { name: 'reference', objects: () => [{ reference: { imageKey: 'chelsea', prompts: [{ kind: 'click', x: 200, y: 150, positive: true }] } }] },
  { name: 'text', objects: () => [{ text: 'a horse' }] },
  { name: 'text + click', objects: () => [{ text: 'a horse', visual: click(120, 90).visual }] },
  { name: 'two objects', objects: () => [click(120, 90), click(40, 200)] },
  { name: 'round 2 (memory)', objects: (prev) => [{ ...click(120, 90), previous: prev(0)?.mask }] },
  {
    name: 'round 2, two objects',
    objects: (prev) => [
      { ...click(120, 90), previous: prev(0)?.mask },
      { ...click(40, 200), previous: prev(1)?.mask },
    ],
  },
];

const runFlows = async (e: SeemEngine): Promise<Map<string, ObjectResult[]>> => {
  await e.encodeImageAsync('horse', fixture('horse.png'));
  await e.encodeImageAsync('chelsea', fixture('chelsea.png'));
  const results = new Map<string, ObjectResult[]>();
  const [first, second] = await decodeWith(e, [click(120, 90), click(40, 200)]);
  for (const flow of FLOWS)
    results.set(
      flow.name,
      await decodeWith(
        e,
        flow.objects((i) => (i === 0 ? first : second)),
      ),
    );
  return results;
};

const decodeWith = async (e: SeemEngine, objects: ObjectPrompt[]): Promise<ObjectResult[]> => {
  const r = await e.decodeAsync('horse', objects);
  assert.equal(r.status, 'done');
  return r.status === 'done' ? r.value : [];
};

for (const runtime of ['onnxruntime-node', "onnxruntime-web's wasm"] as const) {
  it(`${runtime}: the split decoder answers every prompt kind as the combined decoder does, and segment everything agrees`, { timeout: 240_000 }, async () => {
    const make = runtime === 'onnxruntime-node' ? nodeEngineAsync : webWasmEngineAsync;
    const split = await make(out);
    const combined = await make(combinedOut);
    const [got, want] = [await runFlows(split), await runFlows(combined)];
    for (const flow of FLOWS) {
      const a = got.get(flow.name) ?? [];
      const b = want.get(flow.name) ?? [];
      assert.equal(a.length, b.length, flow.name);
      a.forEach((r, i) => {
        const ref = b[i] as ObjectResult;
        assert.equal(r.query, ref.query, `${flow.name}: chosen query`);
        assert.equal(r.category, ref.category, `${flow.name}: category`);
        assert.ok(maxDelta(r.mask.data, ref.mask.data) < 1e-3, `${flow.name}: mask`);
        assert.ok(Math.abs(r.score - ref.score) < 1e-3 * Math.max(1, Math.abs(ref.score)), `${flow.name}: score`);
      });
    }
    const [s1, s2] = [await split.segmentEverythingAsync('horse'), await combined.segmentEverythingAsync('horse')];
    assert.deepEqual(
      s1.map((s) => s.category),
      s2.map((s) => s.category),
    );
    s1.forEach((s, i) => assert.ok(maxDelta(s.mask.data, (s2[i] as typeof s).mask.data) < 1e-3));
  });
}

it("a prompt's results prepare the next round's memory: the round-2 click then runs only its spatial queries", { timeout: 120_000 }, async () => {
  const e = await nodeEngineAsync(out);
  await e.encodeImageAsync('horse', fixture('horse.png'));
  const session = e.bundle.decoder;
  const original = session.run.bind(session);
  const queries: number[] = []; // N of each query_decoder run
  session.run = ((...args: Parameters<typeof session.run>) => {
    queries.push(args[0].query_index?.dims[0] ?? -1);
    return original(...args);
  }) as typeof session.run;
  const first = await e.decodeAsync('horse', [click(120, 90)], { nextRound: true });
  assert.ok(first.status === 'done' && first.value[0]);
  const previous = first.value[0].mask;
  const [hovered] = await decodeWith(e, [{ visual: [...(click(120, 90).visual ?? []), ...(click(130, 95).visual ?? [])], previous }]);
  assert.deepEqual(queries, [3, 1, 3], 'click (3 spatial queries), the prepared memory run (1 idle object query), then the round-2 decode alone');
  // the same answer as an engine that computes the round's memory on demand
  const [fresh] = await decodeWith(engine, [{ visual: [...(click(120, 90).visual ?? []), ...(click(130, 95).visual ?? [])], previous }]);
  assert.ok(hovered && fresh);
  assert.equal(hovered.query, fresh.query);
  assert.ok(maxDelta(hovered.mask.data, fresh.mask.data) < 1e-4);
});

it('class names run at their own token lengths embed exactly as padded to the context (max |Δ| < 1e-5)', { timeout: 60_000 }, async () => {
  const { bundle } = engine;
  const m = bundle.manifest;
  assert.equal(bundle.textFixedLength, undefined, 'converted text encoders take any token count');
  const run: EotRunner = async (ids, batch, length) =>
    (await bundle.text.run({ input_ids: new ort.Tensor('int64', ids, [batch, length]) })).eot_embedding?.data as Float32Array;
  const names = ['cat', 'wall-brick', 'a very long and unusual class name with many words', 'tv'];
  const templates = ['a photo of a {}.', 'there is a {} in the scene.', '{}'];
  const o = { contextLength: m.dims.maxTextTokens, padId: m.text.padTokenId, hidden: m.dims.hidden };
  const tight = await embedClassNamesAsync(run, bundle.tokenizer, names, templates, o);
  const padded = await embedClassNamesAsync(run, bundle.tokenizer, names, templates, { ...o, fixedLength: m.dims.maxTextTokens });
  assert.ok(maxDelta(tight, padded) < 1e-5, `max |Δ| ${maxDelta(tight, padded)}`);
});

it('length batches: every prompt once, each batch of one length, at most `batch` long', () => {
  const lengths = [5, 7, 5, 9, 7, 5, 5];
  const batches = lengthBatches(lengths, 2);
  assert.deepEqual(batches, [
    [5, [0, 2]],
    [5, [5, 6]],
    [7, [1, 4]],
    [9, [3]],
  ]);
});

it("the converter records the encoder's pixel normalisation; a seem.json that disagrees is refused", { timeout: 60_000 }, async () => {
  const meta = onnxMetadata(new Uint8Array(await readFile(join(out, 'image_encoder.onnx'))));
  assert.deepEqual(JSON.parse(meta.get(BUNDLE_CONTRACT.metadataKeys.mean) ?? 'null'), BUNDLE_CONTRACT.preprocess.mean);
  assert.deepEqual(JSON.parse(meta.get(BUNDLE_CONTRACT.metadataKeys.std) ?? 'null'), BUNDLE_CONTRACT.preprocess.std);
  const copy = join(dir, 'drifted');
  await cp(out, copy, { recursive: true });
  const manifest = JSON.parse(await readFile(join(copy, 'seem.json'), 'utf8')) as { preprocess: { mean: number[] } };
  manifest.preprocess.mean = [0.485 * 255, 0.456 * 255, 0.406 * 255 + 1];
  await writeFile(join(copy, 'seem.json'), JSON.stringify(manifest));
  await assert.rejects(nodeEngineAsync(copy), /image_encoder\.onnx normalises with mean \[123\.675, 116\.28, 103\.53\], seem\.json says .*re-convert/);
});
