/**
 * `npm run convert`: official SEEM checkpoint (or seeded random weights) → a complete bundle.
 *   1. Python (Debian's torch + onnx): our SEEM re-implementation loads the checkpoint strictly
 *      and exports the four ONNX graphs (model-host/convert/seem_convert).
 *   2. Here: tokenizer.json from CLIP's BPE merges (--bpe), vocabulary.bin by running the exported
 *      text encoder in onnxruntime-node over COCO-133 + background × the prompt templates,
 *      seem.json with every file's size and sha256; then the bundle is loaded through the engine's
 *      own loader (contract check) before it is declared done.
 */
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { loadBundleAsync } from '../ui/engine/bundle/load-bundle';
import { BUNDLE_CONTRACT } from '../contracts/bundle-contract';
import { FORMAT_VERSION, parseManifest, requiredFiles, type BundleManifest } from '../contracts/bundle-manifest';
import { downloadBytes, precisionsOf } from '../contracts/bundle-precision';
import { OrtRuntime } from '../ui/engine/runtime';
import { embedClassNamesAsync, type EotRunner } from '../ui/engine/class-embeddings';
import { checkAtOtherSizesAsync } from './convert-check';
import { fsBundleSource } from './bundles-fs';
import { fileEntry } from './file-entry';
import { buildClipTokenizerJson, clipVocabulary, EOS, parseClipMerges } from './tokenizer/clip-tokenizer';
import { defaultConfigKind, isConfigKind, upstreamConfig } from './upstream-config';
import { COCO_PANOPTIC } from './vocabulary/coco-panoptic';
import { SEEM_TEMPLATES } from './vocabulary/templates';

const HELP = `npm run convert -- --checkpoint <seem_*.pt> --out <dir> --bpe <bpe_simple_vocab_16e6.txt[.gz]> [options]
npm run convert -- --random-init --config tiny|focalt|focall --out <dir> --bpe <file> [options]

  --bpe <file>          CLIP's BPE merge list (MIT), e.g. bpe_simple_vocab_16e6.txt.gz from the openai/CLIP
                        repository (clip/bpe_simple_vocab_16e6.txt.gz); builds tokenizer.json offline
  --config <name>       tiny | focalt | focall (with a checkpoint: refused if it does not match)
  --layout <name>       decoder forward: v0 (demo/v0 checkpoints, one object) | v1 (several objects, memory).
                        Default: v1 when the file name says v1, else v0 (v0 and v1 files hold the same keys)
  --decoder <kind>      v1: split (default: object queries once per image, grounding per text, spatial per click)
                        | combined (one graph, every query per click: a reference for tests and benchmarks).
  --max-objects <n>     objects per decode in a v1 bundle. Default 1
  --precision <list>    comma-separated: fp32 | fp16 | q8f16 | int8. The first is the bundle's base graphs, the
                        others variants beside them; the plugin downloads one precision, by backend
                        (docs/model-bundle.md). Default fp32,q8f16,int8
                        fp16: float16 weights and arithmetic (WebGPU shader-f16); q8f16: the same with
                        weights stored as int8 (half the download); int8: integer matmuls (WASM)
  --max-points <n>      visual prompt points per object (positives + negatives). Default 128
  --templates all|<n>   prompt templates per class for vocabulary.bin (SEEM: all 81). Default all
  --upstream-config <k> demo | v0 | v1: the upstream yaml whose segment-everything thresholds seem.json
                        records. Default: demo for a v0 layout (upstream's demo runs the v0 checkpoints
                        with *_demo.yaml: object threshold 0.4), v1 for v1 (0.8)
  --seed <n>            random-init seed. Default 0
  --id <id>             bundle id. Default seem-<config>-<layout>[-fp16] or from the checkpoint name
  --save-checkpoint <f> also save the model's state_dict (official key names)
  --trust-checkpoint    unpickle the checkpoint in full (only tensors otherwise: a pickle can run code)

npm run convert -- --add-precision <list> --out <bundle dir>
                        adds precision variants to a bundle converted earlier (its base graphs must be fp32)`;

export const DEFAULT_PRECISIONS = 'fp32,q8f16,int8';

const PYTHON = process.env.SEEM_PYTHON ?? '/usr/bin/python3';

/** Runs the exporter; resolves with its last line of output (`variants` prints its result as JSON there). */
const runPythonAsync = (args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-m', 'seem_convert', ...args], {
      cwd: join(import.meta.dirname, 'convert'),
      env: { ...process.env, PYTHONPATH: join(import.meta.dirname, 'convert'), PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // the log lines as they come; the JSON result line is for the caller
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const l of lines) if (!l.startsWith('{')) process.stdout.write(`${l}\n`);
      if (lines.length) last = lines.at(-1) ?? '';
    });
    let last = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      // Shown as they come: the exporter itself fails on tracer warnings (a baked shape) and says which
      // torch.onnx notes are harmless (export.py report_warnings).
      const text = d.toString();
      stderr += text;
      process.stderr.write(text);
    });
    child.on('error', (e) => reject(new Error(`could not run ${PYTHON} (${e.message}); install python3-torch python3-onnx (apt)`)));
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout || last)
        : reject(
            new Error(
              stderr
                .split('\n')
                .filter((l) => l.startsWith('seem_convert:'))
                .join('\n') || `python exited with ${code}`,
            ),
          ),
    );
  });

interface ExportInfo {
  config: string;
  layout: string;
  source: string;
  precision: string;
  hidden: number;
  queries: number;
  memoryTokens: number;
  decoderLayers: number;
  featureLevels: number;
  decoder: string;
  maxObjects: number;
  maxPoints: number;
  maxTextTokens: number;
  vocabSize: number;
  logitScale: number;
  totalParameters: number;
  seconds: number;
  /** precision → contract graph name → its file. */
  variants?: Record<string, Record<string, string>>;
}

const fileEntriesAsync = (dir: string, names: readonly string[]) => Promise.all(names.map(async (name) => fileEntry(name, await readFile(join(dir, name)))));

/** The manifest's variants (and the files they add) from the exporter's {precision: {graph: file}}. */
const variantsOf = (variants: Record<string, Record<string, string>> = {}): NonNullable<BundleManifest['variants']> =>
  Object.entries(variants).map(([precision, graphs]) => ({ precision, graphs: Object.entries(graphs).map(([graph, file]) => ({ graph, file })) }));

/** Loads the bundle in each of its precisions through the engine's own loader and runs it at two other image shapes. */
const checkEveryPrecisionAsync = async (out: string, manifest: BundleManifest): Promise<string> => {
  const runtime = new OrtRuntime({ ort: ort, backend: 'cpu' });
  let shapes: string[] = [];
  for (const precision of precisionsOf(manifest)) {
    const loaded = await loadBundleAsync(fsBundleSource(out), runtime, undefined, 'local', () => precision);
    shapes = await checkAtOtherSizesAsync(runtime, loaded);
  }
  return `${precisionsOf(manifest).join(', ')} ${precisionsOf(manifest).length > 1 ? 'each ' : ''}checked by the engine's loader and run at ${shapes.join(' and ')}`;
};

/** `--add-precision`: variants written beside an existing bundle's fp32 graphs, seem.json updated. */
const addPrecisionAsync = async (out: string, list: string): Promise<number> => {
  const manifest = parseManifest(JSON.parse(await readFile(join(out, 'seem.json'), 'utf8')) as unknown);
  if ((manifest.model.precision ?? 'fp32') !== 'fp32')
    throw new Error(`${out}: its base graphs are ${manifest.model.precision}; variants are made from fp32 graphs`);
  const t0 = performance.now();
  const variants = JSON.parse(await runPythonAsync(['variants', '--dir', out, '--precision', list, '--decoder', manifest.model.decoder])) as Record<
    string,
    Record<string, string>
  >;
  const added = variantsOf(variants);
  const kept = (manifest.variants ?? []).filter((v) => !(v.precision in variants));
  const files = [...kept.flatMap((v) => v.graphs.map((g) => g.file)), ...added.flatMap((v) => v.graphs.map((g) => g.file))];
  const base = manifest.files.filter((f) => !(manifest.variants ?? []).some((v) => v.graphs.some((g) => g.file === f.name)));
  const next: BundleManifest = { ...manifest, variants: [...kept, ...added], files: [...base, ...(await fileEntriesAsync(out, files))] };
  await writeFile(join(out, 'seem.json'), `${JSON.stringify(next, null, 2)}\n`);
  const checked = await checkEveryPrecisionAsync(out, next);
  console.log(`${out}: ${precisionsOf(next).join(', ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${checked}.`);
  for (const p of precisionsOf(next)) console.log(`  ${p.padEnd(6)} ${(downloadBytes(next, p) / 1e6).toFixed(1).padStart(7)} MB to download`);
  return 0;
};

/** The bundle's vocabulary: every class name embedded with the templates by the exported text encoder (class-embeddings.ts). */
export const embedVocabularyAsync = async (
  textEncoder: Uint8Array,
  tokenizer: Tokenizer,
  names: readonly string[],
  templates: readonly string[],
  info: { maxTextTokens: number; hidden: number; padId: number },
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<Float32Array> => {
  const session = await ort.InferenceSession.create(textEncoder);
  const run: EotRunner = async (ids, batch, length) =>
    (await session.run({ input_ids: new ort.Tensor('int64', ids, [batch, length]) })).eot_embedding?.data as Float32Array;
  return embedClassNamesAsync(run, tokenizer, names, templates, { contextLength: info.maxTextTokens, padId: info.padId, hidden: info.hidden, onProgress });
};

export const mainAsync = async (argv: string[]): Promise<number> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      checkpoint: { type: 'string' },
      'random-init': { type: 'boolean' },
      config: { type: 'string' },
      layout: { type: 'string' },
      decoder: { type: 'string' },
      'max-objects': { type: 'string' },
      'trust-checkpoint': { type: 'boolean' },
      out: { type: 'string' },
      bpe: { type: 'string' },
      precision: { type: 'string' },
      'add-precision': { type: 'string' },
      'max-points': { type: 'string' },
      templates: { type: 'string' },
      'upstream-config': { type: 'string' },
      seed: { type: 'string' },
      id: { type: 'string' },
      'save-checkpoint': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values['add-precision'] && values.out) return addPrecisionAsync(values.out, values['add-precision']);
  if (values.help || !values.out || !values.bpe || (!values.checkpoint && !values['random-init'])) {
    console.log(HELP);
    return values.help ? 0 : 1;
  }
  const configKind = values['upstream-config'];
  if (configKind !== undefined && !isConfigKind(configKind)) {
    console.error(`--upstream-config must be demo, v0 or v1, not "${configKind}"`);
    return 1;
  }
  const t0 = performance.now();
  const out = values.out;
  const py = ['export', '--out', out, '--max-points', values['max-points'] ?? '128', '--precision', values.precision ?? DEFAULT_PRECISIONS];
  if (values['random-init']) py.push('--random-init', '--seed', values.seed ?? '0');
  if (values.checkpoint) py.push('--checkpoint', values.checkpoint);
  if (values.config) py.push('--config', values.config);
  if (values.layout) py.push('--layout', values.layout);
  if (values.decoder) py.push('--decoder', values.decoder);
  if (values['max-objects']) py.push('--max-objects', values['max-objects']);
  if (values['trust-checkpoint']) py.push('--trust-checkpoint');
  if (values['save-checkpoint']) py.push('--save-checkpoint', values['save-checkpoint']);
  await runPythonAsync(py);
  const info = JSON.parse(await readFile(join(out, 'export-info.json'), 'utf8')) as ExportInfo;

  const raw = await readFile(values.bpe);
  const merges = parseClipMerges((values.bpe.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
  const vocabList = clipVocabulary(merges);
  if (vocabList.length !== info.vocabSize) throw new Error(`the BPE file gives ${vocabList.length} tokens, the text encoder has ${info.vocabSize}`);
  const tokenizerJson = buildClipTokenizerJson(merges);
  const tokenizer = new Tokenizer(tokenizerJson, {});
  const padId = vocabList.indexOf(EOS);
  const nTemplates = values.templates && values.templates !== 'all' ? Math.max(1, Number(values.templates)) : SEEM_TEMPLATES.length;
  const templates = SEEM_TEMPLATES.slice(0, nTemplates);
  const vocabulary = [...COCO_PANOPTIC, { name: 'background', thing: false }];
  console.log(`[convert] embedding ${vocabulary.length} classes × ${templates.length} templates with the exported text encoder…`);
  const tVocab = performance.now();
  const embeddings = await embedVocabularyAsync(
    new Uint8Array(await readFile(join(out, 'text_encoder.onnx'))),
    tokenizer,
    vocabulary.map((v) => v.name),
    templates,
    { maxTextTokens: info.maxTextTokens, hidden: info.hidden, padId },
    (() => {
      let shown = 0;
      return (done: number, total: number) => {
        if (done * 10 < total * (shown + 1) && done < total) return;
        shown = Math.floor((done * 10) / total);
        console.log(`[convert]   ${done}/${total} prompts`);
      };
    })(),
  );
  await writeFile(join(out, 'tokenizer.json'), JSON.stringify(tokenizerJson));
  await writeFile(join(out, 'vocabulary.bin'), new Uint8Array(embeddings.buffer));
  await rm(join(out, 'export-info.json'));

  const layout = info.layout === 'v1' ? 'v1' : 'v0';
  const decoder = info.decoder === 'split' ? 'split' : 'combined';
  const variants = variantsOf(info.variants);
  const files = await fileEntriesAsync(out, [...requiredFiles(decoder), ...variants.flatMap((v) => v.graphs.map((g) => g.file))]);
  const paired = upstreamConfig(info.config, configKind ?? defaultConfigKind(layout));
  const id = values.id ?? `seem-${info.config}-${layout}${info.precision === 'fp32' ? '' : `-${info.precision}`}${values['random-init'] ? '-random' : ''}`;
  const manifest: BundleManifest = {
    format: 'seem-bundle',
    formatVersion: FORMAT_VERSION,
    model: {
      id,
      name: `SEEM ${info.config === 'focalt' ? 'Focal-T' : info.config === 'focall' ? 'Focal-L' : info.config} ${layout}${values['random-init'] ? ' (random weights)' : ''}`,
      variant: `seem-${info.config}-${info.layout}`,
      layout,
      decoder,
      ...(info.precision === 'fp32' ? {} : { precision: info.precision }),
      licence: values['random-init']
        ? 'random weights: no licence attached'
        : 'SEEM weights: Apache-2.0 (UX-Decoder/Segment-Everything-Everywhere-All-At-Once); check the checkpoint’s terms',
      demo: false,
      description: `Converted by SEEM Cutout from ${info.source}; ${info.totalParameters.toLocaleString('en')} parameters; ${[info.precision, ...variants.map((v) => v.precision)].join(', ')}.`,
    },
    // the normalisation the exporter baked into the encoder (and recorded in its metadata): the contract's
    preprocess: {
      shortSide: 512,
      maxLongSide: 1024,
      padMultiple: BUNDLE_CONTRACT.preprocess.padMultiple,
      mean: [...BUNDLE_CONTRACT.preprocess.mean],
      std: [...BUNDLE_CONTRACT.preprocess.std],
    },
    dims: {
      hidden: info.hidden,
      maskStride: 4,
      maxObjects: info.maxObjects,
      maxPoints: info.maxPoints,
      maxTextTokens: info.maxTextTokens,
      queries: info.queries,
      memoryTokens: info.memoryTokens,
      decoderLayers: info.decoderLayers,
      featureLevels: info.featureLevels,
    },
    text: { templates, padTokenId: padId },
    scores: { logitScale: info.logitScale, objectThreshold: paired.objectThreshold, overlapThreshold: paired.overlapThreshold, config: paired.file },
    vocabulary,
    files,
    ...(variants.length ? { variants } : {}),
  };
  await writeFile(join(out, 'seem.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  // The bundle must pass the engine's own loader (sha256, contract) in every precision before it is declared done.
  const tCheck = performance.now();
  const checked = await checkEveryPrecisionAsync(out, manifest);
  const seconds = (from: number, to = performance.now()) => ((to - from) / 1000).toFixed(1);
  const mb = files.reduce((s, f) => s + f.bytes, 0) / 1e6;
  console.log(`\n${id}: ${info.totalParameters.toLocaleString('en')} parameters, ${mb.toFixed(1)} MB in ${out}`);
  for (const f of files) console.log(`  ${f.name.padEnd(24)} ${(f.bytes / 1e6).toFixed(2).padStart(9)} MB`);
  for (const p of precisionsOf(manifest)) console.log(`  ${p.padEnd(6)} ${(downloadBytes(manifest, p) / 1e6).toFixed(1).padStart(7)} MB to download`);
  console.log(
    `converted in ${seconds(t0)} s: export ${info.seconds} s (precision variants included), vocabulary ${seconds(tVocab, tCheck)} s, load + check ${seconds(tCheck)} s; ${checked}.`,
  );
  return 0;
};

if (process.argv[1]?.endsWith('convert-cli.ts')) {
  mainAsync(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`convert: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
