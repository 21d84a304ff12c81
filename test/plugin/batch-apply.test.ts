/**
 * The built dist/plugin.js writing a batch (`apply-batch`) against the strict Figma fake: every accepted
 * result next to its own source layer, all in ONE undo step; a layer deleted, or whose image changed, since
 * it was segmented is refused by name (reply and notification) while the others are written; sources untouched.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBuiltPlugin, settle } from '../figma-fake/load-plugin';
import type { FigmaFake } from '../figma-fake/figma';
import type { FakeNode, FakeRectangle } from '../figma-fake/nodes';

const png = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, n, 2, 3, 4]);
const PATH = 'M 10 10 L 60 10 L 60 40 L 10 40 Z';
const layer = (category: string) => ({ category, score: 0.9, color: { r: 1, g: 0, b: 0, a: 1 }, path: { windingRule: 'EVENODD' as const, data: PATH } });

const setup = (count: number) => {
  const rects: FakeRectangle[] = [];
  const hashes: string[] = [];
  const fake = loadBuiltPlugin((f) => {
    const frame = f.addFrame('Shots', [
      [1, 0, 0],
      [0, 1, 0],
    ]);
    for (let i = 0; i < count; i++) {
      const hash = f.addImage({ bytes: png(i), width: 100, height: 50 });
      const r = f.addRectangle(`Shot ${i + 1}`, { width: 100, height: 50 }, frame);
      r.relativeTransform = [
        [1, 0, 0],
        [0, 1, i * 60],
      ];
      r.fills = [{ type: 'IMAGE', scaleMode: 'FILL', imageHash: hash }];
      rects.push(r);
      hashes.push(hash);
    }
    f.root.selection = rects;
  });
  return { fake, rects, hashes };
};

const ofType = (fake: FigmaFake, type: string) => fake.toUi.filter((m): m is Record<string, unknown> => (m as { type?: unknown }).type === type);
const snapshot = (n: FakeRectangle) =>
  JSON.stringify({ name: n.name, t: n.relativeTransform, fills: n.fills, parent: n.parent?.id, data: n.getPluginData('seem') });

interface BatchDone {
  requestId: number;
  written: { nodeId: string; groupId: string; layerIds: string[] }[];
  refused: { nodeId: string; nodeName: string; reason: string }[];
}

describe('built plugin: batch apply', () => {
  it('writes every item next to its own layer in one undo step; deleted and changed layers are refused by name', async () => {
    const { fake, rects, hashes } = setup(6);
    fake.sendFromUi({ type: 'ui-ready' });
    await settle();
    const kept = rects.slice(0, 4);
    const before = kept.map(snapshot);
    const items = rects.map((r, i) => ({
      nodeId: r.id,
      nodeName: r.name,
      imageHash: hashes[i] ?? '',
      layers: [layer('red'), ...(i === 0 ? [layer('red')] : [])],
    }));
    // During the batch: Shot 5 is deleted, Shot 6's image fill is replaced.
    rects[4]?.remove();
    const other = fake.addImage({ bytes: png(99), width: 100, height: 50 });
    const changed = rects[5];
    assert.ok(changed);
    changed.fills = [{ type: 'IMAGE', scaleMode: 'FILL', imageHash: other }];
    const logStart = fake.log.length;
    fake.sendFromUi({ type: 'apply-batch', requestId: 3, items, clip: false });
    await settle();
    const [done] = ofType(fake, 'apply-batch-done') as unknown as BatchDone[];
    assert.ok(done, `no reply: ${JSON.stringify(ofType(fake, 'error'))}`);
    assert.deepEqual(
      done.written.map((w) => w.nodeId),
      kept.map((r) => r.id),
    );
    assert.deepEqual(
      done.refused.map((r) => r.nodeName),
      ['Shot 5', 'Shot 6'],
    );
    assert.match(done.refused[0]?.reason ?? '', /no longer exists/);
    assert.match(done.refused[1]?.reason ?? '', /changed since it was segmented/);
    const events = fake.log.slice(logStart);
    assert.equal(events[0], 'commitUndo');
    assert.equal(events.at(-1), 'commitUndo');
    assert.equal(events.filter((e) => e === 'commitUndo').length, 2, `one undo step for the whole batch: ${events.join(', ')}`);
    for (const [i, r] of kept.entries()) {
      const parent = r.parent;
      assert.ok(parent);
      const group = parent.children.find((n) => n.id === done.written[i]?.groupId) as unknown as { name: string; children: FakeNode[] };
      assert.equal(group.name, `Cutout · ${r.name}`);
      assert.equal(parent.children.indexOf(group as unknown as FakeNode), parent.children.indexOf(r) + 1, 'just above its own source');
      assert.deepEqual(
        group.children.map((n) => n.name),
        i === 0 ? ['red', 'red 2'] : ['red'],
      );
    }
    assert.deepEqual(kept.map(snapshot), before, 'no source layer modified');
    assert.deepEqual(
      fake.root.selection.map((n) => n.id),
      done.written.map((w) => w.groupId),
    );
    const note = fake.notifications.at(-1);
    assert.match(note?.message ?? '', /added 5 layers over 4 images\. Not written: “Shot 5” \(.*no longer exists.*\); “Shot 6” \(.*changed/);
    assert.equal(note?.error, true);
  });

  it('clip: each written item masks a copy of its own image; nothing refused is a plain notification', async () => {
    const { fake, rects, hashes } = setup(3);
    const items = rects.map((r, i) => ({ nodeId: r.id, nodeName: r.name, imageHash: hashes[i] ?? '', layers: [layer('blue')] }));
    fake.sendFromUi({ type: 'apply-batch', requestId: 4, items, clip: true });
    await settle();
    const [done] = ofType(fake, 'apply-batch-done') as unknown as BatchDone[];
    assert.equal(done?.written.length, 3);
    for (const [i, r] of rects.entries()) {
      const group = r.parent?.children.find((n) => n.id === done?.written[i]?.groupId) as unknown as {
        children: { name: string; children: FakeRectangle[] }[];
      };
      const cut = group.children[0];
      assert.equal(cut?.name, 'blue');
      assert.deepEqual(cut?.children[1]?.fills, r.fills);
    }
    assert.equal(fake.notifications.at(-1)?.error, false);
  });

  it('every item refused → no undo step, nothing created; an empty batch is an error reply', async () => {
    const { fake, rects } = setup(2);
    const logStart = fake.log.length;
    fake.sendFromUi({
      type: 'apply-batch',
      requestId: 5,
      items: rects.map((r) => ({ nodeId: r.id, nodeName: r.name, imageHash: 'stale', layers: [layer('red')] })),
      clip: false,
    });
    fake.sendFromUi({ type: 'apply-batch', requestId: 6, items: [], clip: false });
    await settle();
    const [done] = ofType(fake, 'apply-batch-done') as unknown as BatchDone[];
    assert.equal(done?.refused.length, 2);
    assert.deepEqual(fake.log.slice(logStart), []);
    assert.match((ofType(fake, 'error').find((e) => e.requestId === 6)?.message as string | undefined) ?? '', /Nothing to apply/);
  });

  it('a malformed batch is refused loudly, naming the field; nothing is written', async () => {
    const { fake, rects, hashes } = setup(1);
    const logStart = fake.log.length;
    const item = { nodeId: rects[0]?.id ?? '', imageHash: hashes[0] ?? '', layers: [layer('red')] };
    fake.sendFromUi({ type: 'apply-batch', requestId: 7, items: [item], clip: false });
    fake.sendFromUi({ type: 'apply-batch', requestId: 8, items: Array.from({ length: 501 }, () => ({ ...item, nodeName: 'x' })), clip: false });
    await settle();
    assert.match(fake.notifications[0]?.message ?? '', /apply-batch\.items\[0\]\.nodeName: expected string/);
    assert.match(fake.notifications[1]?.message ?? '', /items: at most 500 items/);
    assert.deepEqual(fake.log.slice(logStart), []);
  });
});
