/** SEEM's mask choice over the decoder's tagged queries (v0: object queries only; v1: groups). */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { candidatesFor, selectQuery, type QueryOutputs } from '../../ui/engine/select-mask';

const C = 2;
/** Queries with tags and 2-d embeddings used both as mask embeddings and captions. */
const outputs = (tags: number[], emb: [number, number][]): QueryOutputs => ({
  queries: tags.length,
  hidden: C,
  maskembs: Float32Array.from(emb.flat()),
  captions: Float32Array.from(emb.flat()),
  queryObject: Float32Array.from(tags),
});

// v1-like layout: 2 object queries, 2 grounding queries, 3 spatial queries per object for 2 objects
const V1_TAGS = [-1, -1, -2, -2, 0, 0, 0, 1, 1, 1];

it('v1: visual prompts of object m choose among its own spatial queries', () => {
  const o = outputs(V1_TAGS, [
    [9, 0],
    [0, 9],
    [9, 0],
    [0, 9],
    [1, 0],
    [2, 0],
    [0, 1],
    [3, 0],
    [0, 5],
    [0, 2],
  ]);
  assert.deepEqual(candidatesFor(o, 1, 'visual'), [7, 8, 9]);
  const cue = { textEot: null, logitScale: 100 };
  // the object query 0 scores 9 on x, but only object 0's spatial queries 4..6 compete
  assert.equal(selectQuery(o, 0, { ...cue, posSummary: Float32Array.of(1, 0) }).query, 5);
  assert.equal(selectQuery(o, 1, { ...cue, posSummary: Float32Array.of(0, 1) }).query, 8);
});

it('v1: text alone chooses among the grounding queries by cosine, not the object queries', () => {
  const o = outputs(V1_TAGS, [
    [0, 1],
    [1, 0],
    [5, 1],
    [1, 5],
    [0, 1],
    [0, 1],
    [0, 1],
    [0, 1],
    [0, 1],
    [0, 1],
  ]);
  assert.deepEqual(candidatesFor(o, 0, 'text'), [2, 3]);
  const r = selectQuery(o, 0, { posSummary: null, textEot: Float32Array.of(0.1, 2), logitScale: 50 });
  assert.equal(r.query, 3);
  assert.ok(Math.abs(r.score - (50 * (0.1 * 1 + 2 * 5)) / (Math.hypot(1, 5) * Math.hypot(0.1, 2))) < 1e-4);
});

it('v0: every prompt falls back to the object queries, and the logit scale is capped at 100', () => {
  const o = outputs(
    [-1, -1, -1],
    [
      [1, 0],
      [0, 1],
      [1, 1],
    ],
  );
  assert.deepEqual(candidatesFor(o, 0, 'visual'), [0, 1, 2]);
  assert.deepEqual(candidatesFor(o, 0, 'text'), [0, 1, 2]);
  assert.equal(selectQuery(o, 0, { posSummary: Float32Array.of(0, 3), textEot: null, logitScale: 1 }).query, 1);
  const text = selectQuery(o, 0, { posSummary: null, textEot: Float32Array.of(1, 0), logitScale: 1000 });
  assert.equal(text.query, 0);
  assert.ok(Math.abs(text.score - 100) < 1e-4);
});
