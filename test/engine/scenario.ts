/**
 * The engine end to end on the demo bundle and a generated scene: every prompt
 * type, memory, segment everything, custom words. Run on onnxruntime-node and on
 * onnxruntime-web's wasm build (engine-node.test.ts, engine-web-wasm.test.ts).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { SeemEngine, ObjectPrompt, ObjectResult } from '../../ui/engine/engine';
import { colourScene, triangleImage } from '../helpers/scene';
import { ensureDemoBundleAsync, maskIou, toImageMask } from '../helpers/node-engine';

export const engineScenario = (label: string, makeEngineAsync: () => Promise<SeemEngine>): void => {
  const scene = colourScene();
  const { width: W, height: H } = scene.image;
  let engine: SeemEngine;

  const decode = async (...objects: ObjectPrompt[]): Promise<ObjectResult[]> => {
    const r = await engine.decodeAsync('scene', objects);
    assert.equal(r.status, 'done');
    return r.status === 'done' ? r.value : [];
  };
  const iouWith = (r: ObjectResult | undefined, truth: Uint8Array): number => (r ? maskIou(toImageMask(r.mask, W, H), truth) : 0);
  const union = (a: Uint8Array, b: Uint8Array): Uint8Array => a.map((v, i) => v | (b[i] as number));

  const discClick = { kind: 'click' as const, x: scene.disc.cx, y: scene.disc.cy, positive: true };
  const squareAt = { x: (scene.square.x0 + scene.hole.x0) / 2, y: (scene.square.y0 + scene.square.y1) / 2 };

  before(async () => {
    await ensureDemoBundleAsync();
    engine = await makeEngineAsync();
    await engine.encodeImageAsync('scene', scene.image);
  });

  describe(`engine (${label}, demo bundle)`, () => {
    it('+click in the disc → the disc (IoU ≥ 0.95), labelled red', async () => {
      const [r] = await decode({ visual: [discClick] });
      assert.ok(iouWith(r, scene.truth.disc) >= 0.95, `IoU ${iouWith(r, scene.truth.disc)}`);
      assert.equal(r?.category, 'red');
      assert.ok((r?.categoryScore ?? 0) > 0.5);
    });

    it('clicks compose: + disc + square, then − on the square', async () => {
      const both = { kind: 'click' as const, ...squareAt, positive: true };
      const [r1] = await decode({ visual: [discClick, both] });
      assert.ok(iouWith(r1, union(scene.truth.disc, scene.truth.square)) >= 0.95);
      const [r2] = await decode({ visual: [discClick, both, { ...both, x: both.x + 4, positive: false }] });
      assert.ok(iouWith(r2, scene.truth.disc) >= 0.95, `IoU ${iouWith(r2, scene.truth.disc)}`);
    });

    it('box around the disc → the disc (inside positives, outside negatives)', async () => {
      const { cx, cy, r } = scene.disc;
      const [res] = await decode({ visual: [{ kind: 'box', x0: cx - r - 6, y0: cy - r - 6, x1: cx + r + 6, y1: cy + r + 6 }] });
      assert.ok(iouWith(res, scene.truth.disc) >= 0.95, `IoU ${iouWith(res, scene.truth.disc)}`);
    });

    it('scribble across the square → the square with its hole', async () => {
      const y = squareAt.y;
      const [r] = await decode({
        visual: [
          {
            kind: 'scribble',
            points: [
              [scene.square.x0 + 5, y],
              [scene.hole.x0 - 5, y + 10],
            ],
            radius: 4,
            positive: true,
          },
        ],
      });
      assert.ok(iouWith(r, scene.truth.square) >= 0.95, `IoU ${iouWith(r, scene.truth.square)}`);
      assert.equal(r?.category, 'blue');
    });

    it('text "blue" → the square', async () => {
      const [r] = await decode({ text: 'blue' });
      assert.ok(iouWith(r, scene.truth.square) >= 0.95, `IoU ${iouWith(r, scene.truth.square)}`);
      assert.equal(r?.category, 'blue');
    });

    it('a region drawn on another image (a red triangle) finds the disc here', async () => {
      const tri = triangleImage();
      await engine.encodeImageAsync('triangle', tri.image);
      const [r] = await decode({
        reference: {
          imageKey: 'triangle',
          prompts: [
            {
              kind: 'scribble',
              points: [
                [tri.centroid[0] - 8, tri.centroid[1]],
                [tri.centroid[0] + 8, tri.centroid[1]],
              ],
              radius: 3,
              positive: true,
            },
          ],
        },
      });
      assert.ok(iouWith(r, scene.truth.disc) >= 0.95, `IoU ${iouWith(r, scene.truth.disc)}`);
    });

    it('memory: round 2 with only a −click removes a part of round 1', async () => {
      const [round1] = await decode({ visual: [discClick, { kind: 'click', ...squareAt, positive: true }] });
      assert.ok(round1);
      const [round2] = await decode({ visual: [{ kind: 'click', ...squareAt, positive: false }], previous: round1.mask });
      assert.ok(iouWith(round2, scene.truth.disc) >= 0.95, `IoU ${iouWith(round2, scene.truth.disc)}`);
      const [noMemory] = await decode({ visual: [{ kind: 'click', ...squareAt, positive: false }] });
      assert.ok(iouWith(noMemory, scene.truth.disc) < 0.5, 'without memory a lone −click selects nothing');
    });

    it('segment everything → three segments labelled red / blue / green', async () => {
      const segments = await engine.segmentEverythingAsync('scene');
      assert.deepEqual(segments.map((s) => s.category).sort(), ['blue', 'green', 'red']);
      const by = (c: string) => segments.find((s) => s.category === c);
      assert.ok(maskIou(toImageMask(by('red')!.mask, W, H), scene.truth.disc) >= 0.9);
      assert.ok(maskIou(toImageMask(by('blue')!.mask, W, H), scene.truth.square) >= 0.9);
      assert.ok(maskIou(toImageMask(by('green')!.mask, W, H), scene.truth.background) >= 0.9);
    });

    it('a custom vocabulary word works (embedded at run time by the text encoder)', async () => {
      await engine.setVocabularyAsync(['scarlet', 'cobalt', 'emerald']);
      try {
        const segments = await engine.segmentEverythingAsync('scene');
        // Custom words are things (never merged): at full resolution a query whose mask is a thin sliver along a
        // colour edge can pass upstream's overlap test and appear as a second, tiny segment of the same word.
        assert.deepEqual([...new Set(segments.map((s) => s.category))].sort(), ['cobalt', 'emerald', 'scarlet']);
        assert.deepEqual(
          segments
            .slice(0, 3)
            .map((s) => s.category)
            .sort(),
          ['cobalt', 'emerald', 'scarlet'],
        );
        const [r] = await decode({ visual: [discClick] });
        assert.equal(r?.category, 'scarlet');
      } finally {
        await engine.setVocabularyAsync(null);
      }
      const [r] = await decode({ visual: [discClick] });
      assert.equal(r?.category, 'red');
    });

    it('the stored vocabulary equals the text encoder run on the same names', async () => {
      // Seen through what the vocabulary decides: every class score is a scaled dot product with
      // its embedding row, so equal rows give equal labels and scores, and a wrong row shows.
      const prompts: ObjectPrompt[] = [{ visual: [discClick] }, { text: 'blue' }, { visual: [{ kind: 'click', ...squareAt, positive: true }] }];
      const labels = async (): Promise<[string, number][]> => {
        const out: [string, number][] = [];
        for (const p of prompts) {
          const [r] = await decode(p);
          out.push([r?.category ?? '', r?.categoryScore ?? Number.NaN]);
        }
        for (const s of await engine.segmentEverythingAsync('scene')) out.push([s.category, s.score]);
        return out;
      };
      const stored = await labels();
      await engine.setVocabularyAsync(engine.categories.slice(0, -1));
      let fresh: [string, number][];
      try {
        fresh = await labels();
      } finally {
        await engine.setVocabularyAsync(null);
      }
      assert.equal(fresh.length, stored.length);
      stored.forEach(([category, score], i) => {
        assert.equal(fresh[i]?.[0], category);
        assert.ok(Math.abs(score - (fresh[i]?.[1] ?? Number.NaN)) < 1e-4, `${category}: ${score} stored, ${fresh[i]?.[1]} fresh`);
      });
    });

    it('prompts outside the image are clamped to its edge', async () => {
      const [inside] = await decode({ visual: [{ kind: 'click', x: 2, y: 2, positive: true }] });
      const [outside] = await decode({ visual: [{ kind: 'click', x: -500, y: -80, positive: true }] });
      assert.deepEqual(outside?.mask.data, inside?.mask.data);
    });

    it('the encoder runs once per image (cached by key)', async () => {
      // Counted on the bundle's encoder session, which the engine exposes.
      let runs = 0;
      const session = engine.bundle.encoder;
      assert.ok(session, 'loaded with its local encoder');
      const original = session.run.bind(session);
      session.run = ((...args: Parameters<typeof session.run>) => {
        runs++;
        return original(...args);
      }) as typeof session.run;
      try {
        await engine.encodeImageAsync('scene', scene.image);
        await engine.encodeImageAsync('scene', scene.image);
        await decode({ visual: [discClick] });
        assert.equal(runs, 0);
        await engine.encodeImageAsync('scene-copy', scene.image);
        assert.equal(runs, 1);
      } finally {
        session.run = original;
      }
    });

    it('100 rapid decode requests: only the newest runs after the current one, none hang', async () => {
      const requests = Array.from({ length: 100 }, (_, i) => engine.decodeAsync('scene', [{ visual: [{ kind: 'click', x: 10 + i, y: 10, positive: true }] }]));
      const results = await Promise.all(requests);
      const done = results.filter((r) => r.status === 'done');
      assert.ok(done.length <= 2, `${done.length} ran`);
      assert.equal(results.at(-1)?.status, 'done');
      assert.equal(results.filter((r) => r.status === 'cancelled').length, 100 - done.length);
    });
  });
};
