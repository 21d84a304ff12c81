/**
 * Our side of the pipeline check (pipeline.py): runs the engine's own pure modules — the ones
 * the engine calls, not copies — on the cases pipeline.py wrote, and writes what they give back.
 *   node --import tsx model-host/convert/upstream_check/pipeline_run.ts <dir>
 * <dir>/cases.json names arrays as "@name", stored little-endian float32 in <dir>/name.f32;
 * the results go to <dir>/ours.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanName, COCO_PANOPTIC, COCO_PANOPTIC_RAW } from '../../vocabulary/coco-panoptic';
import { backgroundWins, categoryLabel } from '../../../ui/engine/category-label';
import { gridMask, logitsAtInput } from '../../../ui/engine/mask-mapping';
import { panopticFromQueries } from '../../../ui/engine/panoptic';
import { preprocessImage } from '../../../ui/engine/preprocess';
import { classify, selectQuery } from '../../../ui/engine/select-mask';

interface Geometry {
  gridWidth: number;
  gridHeight: number;
  cell: number;
  validWidth: number;
  validHeight: number;
}

interface Cases {
  preprocess: { width: number; height: number; rgb: string; shortSide: number; padMultiple: number }[];
  mapping: (Geometry & { grid: string })[];
  panoptic: (Geometry & {
    masks: string;
    classLogits: string;
    classes: number;
    queries: number[];
    thing: boolean[];
    objectThreshold: number;
    overlapThreshold: number;
  })[];
  choice: (Geometry & {
    masks: string;
    queries: number;
    hidden: number;
    maskembs: string;
    captions: string;
    posSummary: string | null;
    textEot: string | null;
    logitScale: number;
    classLogits: string;
  })[];
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: pipeline_run.ts <dir>');
const cases = JSON.parse(await readFile(join(dir, 'cases.json'), 'utf8')) as Cases;
const array = async (ref: string): Promise<Float32Array> => {
  if (!ref.startsWith('@')) throw new Error(`not an array reference: ${ref}`);
  const buf = await readFile(join(dir, `${ref.slice(1)}.f32`));
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
};

const names = { raw: COCO_PANOPTIC_RAW, cleaned: COCO_PANOPTIC_RAW.map(cleanName) };

const preprocess = [];
for (const c of cases.preprocess) {
  const rgb = await array(c.rgb);
  const rgba = new Uint8ClampedArray(c.width * c.height * 4).fill(255);
  for (let i = 0; i < c.width * c.height; i++) for (let k = 0; k < 3; k++) rgba[4 * i + k] = rgb[3 * i + k] as number;
  // The reference path: no cap on the long side (maxLongSide 0), as upstream.
  const { data, meta } = preprocessImage(
    { width: c.width, height: c.height, data: rgba },
    { shortSide: c.shortSide, maxLongSide: 0, padMultiple: c.padMultiple, mean: [0, 0, 0], std: [1, 1, 1] },
  );
  const plane = meta.paddedWidth * meta.paddedHeight;
  const resized: number[] = [];
  for (let y = 0; y < meta.resizedHeight; y++) {
    for (let x = 0; x < meta.resizedWidth; x++) for (let k = 0; k < 3; k++) resized.push(data[k * plane + y * meta.paddedWidth + x] as number);
  }
  preprocess.push({ ...meta, rgb: resized });
}

const inside = (data: ArrayLike<number>): number[] => Array.from(data, (v) => (v > 0 ? 1 : 0));

const mapping = [];
for (const c of cases.mapping) {
  const m = gridMask(
    await array(c.grid),
    0,
    { width: c.gridWidth, height: c.gridHeight },
    { cell: c.cell, validWidth: c.validWidth, validHeight: c.validHeight },
  );
  mapping.push({ inside: inside(logitsAtInput(m).data) });
}

const panoptic = [];
for (const c of cases.panoptic) {
  const segments = panopticFromQueries(
    { masks: await array(c.masks), gridWidth: c.gridWidth, gridHeight: c.gridHeight, cell: c.cell, validWidth: c.validWidth, validHeight: c.validHeight },
    {
      classLogits: await array(c.classLogits),
      classes: c.classes,
      queries: c.queries,
      thing: c.thing,
      objectThreshold: c.objectThreshold,
      overlapThreshold: c.overlapThreshold,
      resolution: 'input',
    },
  );
  const classMap = new Array<number>(c.validWidth * c.validHeight).fill(-1);
  for (const s of segments) s.mask.data.forEach((v, i) => v > 0 && (classMap[i] = s.classIndex));
  panoptic.push({ segments: segments.length, classMap });
}

// Labels come from the bundle's vocabulary, as in the engine: convert-cli writes COCO_PANOPTIC + background.
const vocabulary = [...COCO_PANOPTIC.map((v) => v.name), 'background'];
const choice = [];
for (const c of cases.choice) {
  const queryObject = new Float32Array(c.queries).fill(-1);
  const chosen = selectQuery({ queries: c.queries, hidden: c.hidden, maskembs: await array(c.maskembs), captions: await array(c.captions), queryObject }, 0, {
    posSummary: c.posSummary ? await array(c.posSummary) : null,
    textEot: c.textEot ? await array(c.textEot) : null,
    logitScale: c.logitScale,
  });
  const logits = await array(c.classLogits);
  const k = vocabulary.length;
  const cls = classify(logits, chosen.query * k, k, true);
  const mask = gridMask(
    await array(c.masks),
    chosen.query,
    { width: c.gridWidth, height: c.gridHeight },
    { cell: c.cell, validWidth: c.validWidth, validHeight: c.validHeight },
  );
  choice.push({
    query: chosen.query,
    inside: inside(logitsAtInput(mask).data),
    label: categoryLabel({ category: vocabulary[cls.index] ?? '?', backgroundWins: backgroundWins(logits, chosen.query * k, k) }),
  });
}

await writeFile(join(dir, 'ours.json'), JSON.stringify({ names, preprocess, mapping, panoptic, choice }));
