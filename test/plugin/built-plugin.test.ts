/**
 * Loads the built dist/plugin.js with the fake `figma` global and drives it the
 * way the UI does: read-in of FILL / FIT / CROP / rotated image layers, then
 * write-back of masks as vector layers, checked in absolute coordinates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBuiltPlugin, settle } from '../figma-fake/load-plugin';
import { multiply } from '../figma-fake/nodes';
import type { FigmaFake } from '../figma-fake/figma';
import type { FakeNode, FakeRectangle, FakeVector } from '../figma-fake/nodes';

const BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
const FRAME_AT: Transform = [
  [1, 0, 1000],
  [0, 1, 500],
];

interface Setup {
  image: { width: number; height: number };
  node: { width: number; height: number; transform: Transform };
  paint: Partial<ImagePaint>;
}

const build = (s: Setup) => {
  let rect: FakeRectangle | undefined;
  const fake = loadBuiltPlugin((f) => {
    const hash = f.addImage({ bytes: BYTES, ...s.image });
    const frame = f.addFrame('Frame', FRAME_AT);
    rect = f.addRectangle('Photo', s.node, frame);
    rect.relativeTransform = s.node.transform;
    rect.fills = [{ type: 'IMAGE', scaleMode: 'FILL', imageHash: hash, ...s.paint }];
    f.root.selection = [rect];
  });
  if (!rect) throw new Error('setup failed');
  return { fake, rect };
};

const messagesOfType = (fake: FigmaFake, type: string) =>
  fake.toUi.filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === type);

/** Absolute bounds of a vector, from its path data and absolute transform. */
const absoluteBounds = (v: FakeVector) => {
  const nums = (v.vectorPaths[0]?.data ?? '')
    .split(' ')
    .filter((t) => !/[A-Z]/.test(t))
    .map(Number);
  const m = v.absoluteTransform;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < nums.length; i += 2) {
    const x = nums[i] ?? 0;
    const y = nums[i + 1] ?? 0;
    xs.push(m[0][0] * x + m[0][1] * y + m[0][2]);
    ys.push(m[1][0] * x + m[1][1] * y + m[1][2]);
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};

const snapshot = (n: FakeRectangle) =>
  JSON.stringify({
    name: n.name,
    t: n.relativeTransform,
    w: n.width,
    h: n.height,
    fills: n.fills,
    strokes: n.strokes,
    parent: n.parent?.id,
    index: n.parent?.children.indexOf(n),
    isMask: n.isMask,
    data: n.getPluginData('seem'),
  });

const RECT_PATH = 'M 50 25 L 150 25 L 150 75 L 50 75 Z';
const layer = (category: string, data = RECT_PATH) => ({
  category,
  score: 0.8,
  color: { r: 0.2, g: 0.4, b: 1, a: 0.6 },
  path: { windingRule: 'EVENODD' as const, data },
});

const applyAndFind = async (fake: FigmaFake, rect: FakeRectangle, layers: ReturnType<typeof layer>[], clip = false) => {
  const [image] = messagesOfType(fake, 'image') as { image: { imageHash: string } }[];
  fake.sendFromUi({ type: 'apply', requestId: 7, nodeId: rect.id, imageHash: image?.image.imageHash ?? '', layers, clip });
  await settle();
  return messagesOfType(fake, 'apply-done')[0] as { groupId: string; layerIds: string[] } | undefined;
};

const cases: { name: string; setup: Setup; path: string; expected: number[] }[] = [
  {
    name: 'FILL',
    setup: {
      image: { width: 200, height: 100 },
      node: {
        width: 100,
        height: 100,
        transform: [
          [1, 0, 10],
          [0, 1, 20],
        ],
      },
      paint: {},
    },
    path: RECT_PATH,
    expected: [1010, 545, 1110, 595],
  },
  {
    name: 'FIT',
    setup: {
      image: { width: 200, height: 100 },
      node: {
        width: 100,
        height: 100,
        transform: [
          [1, 0, 10],
          [0, 1, 20],
        ],
      },
      paint: { scaleMode: 'FIT' },
    },
    path: RECT_PATH,
    expected: [1035, 557.5, 1085, 582.5],
  },
  {
    name: 'CROP',
    setup: {
      image: { width: 400, height: 400 },
      node: {
        width: 100,
        height: 100,
        transform: [
          [1, 0, 10],
          [0, 1, 20],
        ],
      },
      paint: {
        scaleMode: 'CROP',
        imageTransform: [
          [0.5, 0, 0.25],
          [0, 0.5, 0.25],
        ],
      },
    },
    path: 'M 100 100 L 200 100 L 200 300 L 100 300 Z',
    expected: [1010, 520, 1060, 620],
  },
  {
    name: 'paint rotated 90° in a node rotated 90°',
    setup: {
      image: { width: 200, height: 100 },
      node: {
        width: 100,
        height: 200,
        transform: [
          [0, -1, 10],
          [1, 0, 20],
        ],
      },
      paint: { rotation: 90 },
    },
    path: RECT_PATH,
    expected: [860, 545, 960, 595],
  },
];

describe('built plugin: read-in', () => {
  for (const c of cases) {
    it(`${c.name}: sends the bytes and geometry of the image`, async () => {
      const { fake, rect } = build(c.setup);
      fake.sendFromUi({ type: 'ui-ready' });
      await settle();
      const [selection] = messagesOfType(fake, 'selection') as { images: { nodeId: string }[]; hint: unknown }[];
      assert.equal(selection?.images.length, 1);
      assert.equal(selection?.hint, null);
      const [msg] = messagesOfType(fake, 'image') as { image: { bytes: Uint8Array; nodeId: string; geometry: Record<string, unknown> } }[];
      assert.deepEqual(msg?.image.bytes, BYTES);
      assert.equal(msg?.image.nodeId, rect.id);
      assert.equal(msg?.image.geometry.imageWidth, c.setup.image.width);
      assert.equal(msg?.image.geometry.nodeHeight, c.setup.node.height);
      assert.equal(msg?.image.geometry.scaleMode, c.setup.paint.scaleMode ?? 'FILL');
      assert.equal(msg?.image.geometry.rotation, c.setup.paint.rotation ?? 0);
    });
  }
});

describe('built plugin: write-back', () => {
  for (const c of cases) {
    it(`${c.name}: the vector lands over the image region (±0.5 px)`, async () => {
      const { fake, rect } = build(c.setup);
      fake.sendFromUi({ type: 'ui-ready' });
      await settle();
      const done = await applyAndFind(fake, rect, [layer('cat', c.path)]);
      assert.ok(done, `no apply-done; notifications: ${JSON.stringify(fake.notifications)}`);
      const [vector] = done.layerIds.map((id) =>
        rect.parent?.children.flatMap((n) => ('children' in n ? (n as unknown as { children: FakeNode[] }).children : [])).find((k) => k.id === id),
      ) as FakeVector[];
      assert.ok(vector);
      const b = absoluteBounds(vector);
      b.forEach((v, i) => assert.ok(Math.abs(v - (c.expected[i] ?? Number.NaN)) <= 0.5, `bounds ${b.join(', ')} vs ${c.expected.join(', ')}`));
    });
  }

  it('names, groups, selects, one undo step, source untouched', async () => {
    const { fake, rect } = build(cases[0]!.setup);
    fake.sendFromUi({ type: 'ui-ready' });
    await settle();
    const before = snapshot(rect);
    const logStart = fake.log.length;
    const done = await applyAndFind(fake, rect, [layer('cat'), layer('cat'), layer('dog')]);
    assert.ok(done);
    const parent = rect.parent;
    assert.ok(parent);
    const group = parent.children.find((n) => n.id === done.groupId) as unknown as { name: string; children: FakeNode[] };
    assert.equal(group.name, 'Cutout · Photo');
    assert.deepEqual(
      group.children.map((n) => n.name),
      ['cat', 'cat 2', 'dog'],
    );
    assert.equal(parent.children.indexOf(group as unknown as FakeNode), parent.children.indexOf(rect) + 1, 'just above the source');
    assert.deepEqual(
      fake.root.selection.map((n) => n.id),
      [done.groupId],
    );
    const events = fake.log.slice(logStart);
    assert.equal(events[0], 'commitUndo');
    assert.equal(events.at(-1), 'commitUndo');
    assert.equal(events.filter((e) => e === 'commitUndo').length, 2, `one undo step: ${events.join(', ')}`);
    assert.equal(snapshot(rect), before);
    assert.equal(rect.removed, false);
  });

  it('clip: each layer masks a copy of the image', async () => {
    const { fake, rect } = build(cases[0]!.setup);
    fake.sendFromUi({ type: 'ui-ready' });
    await settle();
    const before = snapshot(rect);
    const done = await applyAndFind(fake, rect, [layer('cat')], true);
    assert.ok(done);
    const group = rect.parent?.children.find((n) => n.id === done.groupId) as unknown as { children: FakeNode[] };
    const cut = group.children[0] as unknown as { name: string; type: string; children: FakeNode[] };
    assert.equal(cut.type, 'GROUP');
    assert.equal(cut.name, 'cat');
    const [mask, copy] = cut.children as [FakeVector, FakeRectangle];
    assert.equal(mask.isMask, true);
    assert.equal(copy.type, 'RECTANGLE');
    assert.deepEqual(copy.fills, rect.fills);
    assert.deepEqual(
      multiply(copy.absoluteTransform, [
        [1, 0, 0],
        [0, 1, 0],
      ]),
      rect.absoluteTransform,
    );
    assert.equal(snapshot(rect), before);
  });
});

describe('built plugin: bad input', () => {
  const setupWith = (fills: Paint[]) =>
    loadBuiltPlugin((f) => {
      const r = f.addRectangle('Shape', { width: 10, height: 10 });
      r.fills = fills;
      f.root.selection = [r];
    });

  it('nothing selected → a hint', async () => {
    const fake = loadBuiltPlugin();
    fake.sendFromUi({ type: 'ui-ready' });
    await settle();
    const [sel] = messagesOfType(fake, 'selection') as { hint: string }[];
    assert.match(sel?.hint ?? '', /Select one or more image layers/);
  });

  it('no image fill, TILE fill, several fills → specific messages', async () => {
    const solid: Paint = { type: 'SOLID', color: { r: 1, g: 0, b: 0 } };
    const noImage = setupWith([solid]);
    noImage.sendFromUi({ type: 'ui-ready' });
    await settle();
    const [a] = messagesOfType(noImage, 'selection') as { problems: { code: string; message: string }[]; hint: string }[];
    assert.equal(a?.problems[0]?.code, 'no-image-fill');
    assert.match(a?.problems[0]?.message ?? '', /“Shape” has no visible image fill/);
    assert.match(a?.hint ?? '', /None of the selected layers/);

    let hash = '';
    const tile = loadBuiltPlugin((f) => {
      hash = f.addImage({ bytes: BYTES, width: 4, height: 4 });
      const r = f.addRectangle('Tiles', { width: 10, height: 10 });
      r.fills = [{ type: 'IMAGE', scaleMode: 'TILE', imageHash: hash, scalingFactor: 1 }];
      f.root.selection = [r];
    });
    tile.sendFromUi({ type: 'ui-ready' });
    await settle();
    const [t] = messagesOfType(tile, 'selection') as { problems: { code: string; message: string }[] }[];
    assert.equal(t?.problems[0]?.code, 'tile-not-supported');
    assert.match(t?.problems[0]?.message ?? '', /TILE image fill/);

    const several = loadBuiltPlugin((f) => {
      const h1 = f.addImage({ bytes: BYTES, width: 4, height: 4 });
      const h2 = f.addImage({ bytes: new Uint8Array([0xff, 0xd8, 0xff, 9]), width: 8, height: 8 });
      const r = f.addRectangle('Two', { width: 10, height: 10 });
      r.fills = [
        { type: 'IMAGE', scaleMode: 'FILL', imageHash: h1 },
        { type: 'IMAGE', scaleMode: 'FILL', imageHash: h2 },
      ];
      f.root.selection = [r];
    });
    several.sendFromUi({ type: 'ui-ready' });
    await settle();
    const [img] = messagesOfType(several, 'image') as { image: { notes: string[]; geometry: { imageWidth: number } } }[];
    assert.equal(img?.image.geometry.imageWidth, 8, 'the top (last) fill');
    assert.match(img?.image.notes[0] ?? '', /2 visible image fills: using the top one/);
  });

  it('selection changes are pushed with a new seq', async () => {
    const { fake, rect } = build(cases[0]!.setup);
    fake.select([]);
    fake.select([rect]);
    await settle();
    const seqs = messagesOfType(fake, 'selection').map((m) => m.seq);
    assert.ok(seqs.length >= 1);
    assert.equal(messagesOfType(fake, 'selection').at(-1)?.hint, null);
  });

  it('undecodable image → figma.notify names the layer', async () => {
    const fake = loadBuiltPlugin();
    fake.sendFromUi({ type: 'image-undecodable', nodeId: '1:1', nodeName: 'Broken', reason: 'not a PNG, JPEG or GIF file' });
    await settle();
    assert.match(fake.notifications[0]?.message ?? '', /“Broken” could not be decoded \(not a PNG, JPEG or GIF file\)/);
    assert.equal(fake.notifications[0]?.error, true);
  });

  it('malformed messages and bad paths → errors, nothing created', async () => {
    const { fake, rect } = build(cases[0]!.setup);
    fake.sendFromUi({ type: 'ui-ready' });
    await settle();
    const logStart = fake.log.length;
    fake.sendFromUi({ type: 'segment-the-moon' });
    fake.sendFromUi({ type: 'apply', requestId: 1, nodeId: rect.id, imageHash: 'x', layers: [{ ...layer('a'), score: Number.NaN }], clip: false });
    await settle();
    assert.match(fake.notifications[0]?.message ?? '', /unknown ui→sandbox message type "segment-the-moon"/);
    assert.match(fake.notifications[1]?.message ?? '', /score: expected finite number, got NaN/);
    for (const bad of ['M 50,25 L 150 25 Z', 'm 50 25 l 1 1 z', 'M 50 25 H 100 Z', '']) {
      const [image] = messagesOfType(fake, 'image') as { image: { imageHash: string } }[];
      fake.sendFromUi({ type: 'apply', requestId: 9, nodeId: rect.id, imageHash: image?.image.imageHash ?? '', layers: [layer('a', bad)], clip: true });
      await settle();
      const err = messagesOfType(fake, 'error').at(-1) as { requestId: number; message: string } | undefined;
      assert.equal(err?.requestId, 9, bad);
      assert.match(err?.message ?? '', /mask “a” has unusable path data/);
    }
    fake.sendFromUi({ type: 'apply', requestId: 10, nodeId: rect.id, imageHash: 'stale', layers: [layer('a')], clip: false });
    fake.sendFromUi({ type: 'apply', requestId: 11, nodeId: '9:999', imageHash: 'x', layers: [layer('a')], clip: false });
    await settle();
    const errors = messagesOfType(fake, 'error') as { requestId: number; message: string }[];
    assert.match(errors.find((e) => e.requestId === 10)?.message ?? '', /changed since it was segmented/);
    assert.match(errors.find((e) => e.requestId === 11)?.message ?? '', /no longer exists/);
    assert.deepEqual(fake.log.slice(logStart), [], 'nothing created, no undo step');
  });

  it('quick action: "Cut out" with text → the UI is told after ui-ready; suggestions come from the vocabulary', async () => {
    const { fake } = (() => {
      let rect: FakeRectangle | undefined;
      const f = loadBuiltPlugin(
        (x) => {
          const hash = x.addImage({ bytes: BYTES, width: 10, height: 10 });
          rect = x.addRectangle('Photo', { width: 10, height: 10 });
          rect.fills = [{ type: 'IMAGE', scaleMode: 'FILL', imageHash: hash }];
          x.root.selection = [rect];
        },
        { text: 'cat' },
      );
      return { fake: f };
    })();
    assert.match(fake.shownUi?.options?.title ?? '', /cutting out “cat”/);
    fake.sendFromUi({ type: 'ui-ready' });
    await settle();
    assert.deepEqual(messagesOfType(fake, 'run-quick'), [{ type: 'run-quick', text: 'cat' }]);
    assert.ok((await fake.suggest('ca')).includes('cat'), 'default suggestions before any model loaded');
    fake.sendFromUi({ type: 'vocabulary', words: ['red', 'crimson', 'blue'] });
    await settle();
    assert.deepEqual(await fake.suggest('r'), ['red', 'crimson']);
  });

  it('quick action with nothing selected → a clear notification, the plugin closes', () => {
    const fake = loadBuiltPlugin(undefined, { text: 'cat' });
    assert.match(fake.notifications[0]?.message ?? '', /select an image layer first/);
    assert.equal(fake.closed, true);
  });

  it('the fake is strict: removed nodes throw, sync getNodeById throws', () => {
    const fake = loadBuiltPlugin();
    const r = fake.addRectangle('R', { width: 1, height: 1 });
    r.remove();
    assert.throws(() => r.name, /does not exist/);
    assert.throws(() => fake.api.getNodeById(), /dynamic-page/);
    const v = fake.api.createVector();
    assert.throws(() => (v.vectorPaths = [{ windingRule: 'EVENODD', data: 'M 0 0 L NaN 1' }]), /Invalid vector path data/);
  });
});
