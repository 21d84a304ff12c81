/**
 * bench/vectorize — mask → vector quality and speed, side by side in one run:
 *   ours (marching squares + corners + Schneider curves), potrace (npm; GPL, bench only, never shipped),
 *   d3-contour + simplify-js (polygons).
 * On the horse silhouette and seeded blob masks at 1024² and 4096². Prints time, path commands and IoU
 * (path rasterised back, even-odd, at pixel centres), the ratios, a matched-IoU comparison on the horse,
 * the contour step alone (d3-contour vs ours), and edge refinement (bilinear vs guided) on boundary IoU.
 *
 *   npm run bench:vectorize            (add -- --quick to skip 4096²)
 */
import { contours as d3Contours } from 'd3-contour';
import Jimp from 'jimp';
import { Potrace } from 'potrace';
import simplify from 'simplify-js';
import { countCommands, iou, maskToPath, rasterizePath, type Mask } from '../ui/vector/index';
import { marchingSquares } from '../ui/vector/marching-squares';
import { refineMask, upsampleBilinear } from '../ui/vector/refine';
import { boundaryIou, binarize } from '../test/helpers/boundary-iou';
import { horseScene } from '../test/helpers/horse-scene';
import { horseMask } from '../test/helpers/image-files';
import { seededBlobs } from '../test/helpers/seeded';
import { svgPathToFigma } from './lib/svg-path';

const quick = process.argv.includes('--quick');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const timeIt = (f: () => string, runs: number): { ms: number; out: string } => {
  let out = f(); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = f();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), out };
};

type Tool = (m: Mask & { data: Uint8Array }, setting?: number) => string;

const jimpCache = new WeakMap<Uint8Array, Jimp>();
const asJimp = (m: Mask & { data: Uint8Array }): Jimp => {
  let j = jimpCache.get(m.data);
  if (!j) {
    const rgba = Buffer.alloc(m.width * m.height * 4, 255);
    for (let i = 0; i < m.data.length; i++) if (m.data[i]) rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = 0;
    j = new Jimp({ data: rgba, width: m.width, height: m.height });
    jimpCache.set(m.data, j);
  }
  return j;
};

/** potrace from a decoded bitmap (image decoding excluded, as for the others). */
const potrace =
  (options: Record<string, unknown>): Tool =>
  (m) => {
    const p = new Potrace(options);
    p.loadImage(asJimp(m), () => undefined);
    const svg = p.getPathTag();
    return [...svg.matchAll(/ d="([^"]+)"/g)].map((x) => svgPathToFigma(x[1] as string)).join(' ');
  };

const d3Simplify =
  (tolerance: number): Tool =>
  (m) => {
    const [multi] = d3Contours().size([m.width, m.height]).thresholds([127.5])(Array.from(m.data));
    const parts: string[] = [];
    for (const polygon of multi?.coordinates ?? []) {
      for (const ring of polygon) {
        const pts = simplify(
          ring.map(([x, y]) => ({ x: x as number, y: y as number })),
          tolerance,
          true,
        );
        if (pts.length < 4) continue;
        parts.push(`M ${pts[0]!.x} ${pts[0]!.y}`, ...pts.slice(1, -1).map((p) => `L ${p.x} ${p.y}`), 'Z');
      }
    }
    return parts.join(' ');
  };

const ours =
  (tolerance = 0.5): Tool =>
  (m) =>
    maskToPath(m, { tolerance }).data;

const evaluate = (name: string, m: Mask & { data: Uint8Array }, tool: Tool, runs: number) => {
  const { ms, out } = timeIt(() => tool(m), runs);
  return { name, ms, commands: countCommands(out), iou: iou(rasterizePath(out, m.width, m.height), m.data) };
};

const fmt = (n: number, d = 1): string => n.toFixed(d);

const cases: { name: string; mask: Mask & { data: Uint8Array }; runs: number }[] = [
  { name: 'horse 400×328', mask: horseMask(), runs: 15 },
  { name: 'blobs 1024²', mask: seededBlobs(7, 1024, 1024, 6), runs: 5 },
  ...(quick ? [] : [{ name: 'blobs 4096²', mask: seededBlobs(7, 4096, 4096, 6), runs: 3 }]),
];

console.log('\n== mask → path: time (median), path commands, IoU of the rasterised path ==');
console.log('case            tool                 ms   commands   IoU');
for (const c of cases) {
  const rows = [
    evaluate('ours (default)', c.mask, ours(), c.runs),
    evaluate('potrace (default)', c.mask, potrace({}), c.runs),
    evaluate('d3-contour+simplify', c.mask, d3Simplify(0.5), c.runs),
  ];
  for (const r of rows) {
    console.log(`${c.name.padEnd(15)} ${r.name.padEnd(20)} ${fmt(r.ms).padStart(6)} ${String(r.commands).padStart(9)}   ${fmt(r.iou, 4)}`);
  }
  const [o, p, d] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
  console.log(
    `${c.name.padEnd(15)} ratios: potrace/ours time ${fmt(p.ms / o.ms, 2)}×, d3+simplify/ours time ${fmt(d.ms / o.ms, 2)}×, ` +
      `potrace/ours commands ${fmt(p.commands / o.commands, 2)}×`,
  );
}

console.log('\n== horse: fewest commands reaching a given IoU (settings swept) ==');
const horse = horseMask();
const sweep: { tool: string; setting: string; run: Tool }[] = [
  ...[0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 1, 1.25].map((t) => ({ tool: 'ours', setting: `tolerance ${t}`, run: ours(t) })),
  ...[0.2, 0.5, 0.8, 1, 1.2].flatMap((alphaMax) =>
    [true, false].map((optCurve) => ({
      tool: 'potrace',
      setting: `alphaMax ${alphaMax} optCurve ${optCurve}`,
      run: potrace({ alphaMax, optCurve, turdSize: 2 }),
    })),
  ),
  ...[0.2, 0.35, 0.5, 0.75, 1].map((t) => ({ tool: 'd3+simplify', setting: `tolerance ${t}`, run: d3Simplify(t) })),
];
const results = sweep.map((s) => ({ ...s, ...evaluate(s.tool, horse, s.run, 3) }));
for (const target of [0.99, 0.995]) {
  for (const tool of ['ours', 'potrace', 'd3+simplify']) {
    const best = results.filter((r) => r.tool === tool && r.iou >= target).sort((a, b) => a.commands - b.commands)[0];
    const top = results.filter((r) => r.tool === tool).sort((a, b) => b.iou - a.iou)[0];
    console.log(
      `IoU ≥ ${target}: ${tool.padEnd(12)} ` +
        (best
          ? `${best.commands} commands (${best.setting}, IoU ${fmt(best.iou, 4)})`
          : `not reached (best IoU ${fmt(top?.iou ?? 0, 4)} with ${top?.commands} commands, ${top?.setting})`),
    );
  }
}

console.log('\n== contour step alone (marching squares) ==');
for (const c of cases.slice(1)) {
  const m = c.mask;
  const arr = Array.from(m.data);
  const d3 = timeIt(() => String(d3Contours().size([m.width, m.height]).thresholds([127.5])(arr).length), c.runs).ms;
  const own = timeIt(() => String(marchingSquares(m.data, m.width, m.height, 127.5).length), c.runs).ms;
  console.log(`${c.name.padEnd(15)} d3-contour ${fmt(d3)} ms, ours ${fmt(own)} ms → ${fmt(d3 / own, 2)}× faster`);
}

console.log('\n== edge refinement: horse mask downsampled 16× (coarse logits) over a textured photo ==');
const scene = horseScene(16);
const { width: W, height: H } = scene.image;
const bil = binarize(upsampleBilinear(scene.coarse, W, H));
const t0 = performance.now();
const guidedField = refineMask(scene.coarse, scene.image);
const refineMs = performance.now() - t0;
const gui = binarize(guidedField);
console.log(`bilinear: IoU ${fmt(iou(bil, scene.truth), 4)}, boundary IoU ${fmt(boundaryIou(bil, scene.truth, W, H), 4)}`);
console.log(`guided:   IoU ${fmt(iou(gui, scene.truth), 4)}, boundary IoU ${fmt(boundaryIou(gui, scene.truth, W, H), 4)} (${fmt(refineMs)} ms)`);
