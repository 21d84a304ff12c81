// Builds the two artefacts Figma loads (see manifest.json):
//   dist/plugin.js — the sandbox code (`main`)
//   dist/ui.html   — the iframe, one self-contained HTML file (`ui`): Figma hands the
//                    plugin this file as a string, so every script and style is inlined.
// `--watch` rebuilds on change (npm run dev).
import * as esbuild from 'esbuild';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { workerSourcePlugin } from './esbuild-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');
/**
 * The default ui.html (0.70 MB) does not carry onnxruntime's wasm: the engine fetches it from the model source
 * (`<folder>/onnxruntime-web/<version>/…wasm`, or the host's /v1/runtime/), checked against the sha256 written
 * into ui.html. Chromium refuses data: URLs over 2 MB (measured here: a 5 MB one never loads) and whether Figma
 * hands the plugin its ui.html as a data: URL is not documented, so a 9.6 MB ui.html could leave the plugin
 * blank. `--inline-wasm` builds the self-contained variant (wasm inlined, no request before the bundle) for
 * hosts that load ui.html as srcdoc, e.g. the playground (docs/architecture.md).
 */
const wasmBesideBundle = !process.argv.includes('--inline-wasm');
/** `--ui-out <file>`: only the UI, written there instead of dist/ui.html, from the built worker (tests build both variants). */
const uiOutArg = process.argv.indexOf('--ui-out');
const uiOut = uiOutArg > 0 && process.argv[uiOutArg + 1] ? join(process.cwd(), process.argv[uiOutArg + 1]) : join(dist, 'ui.html');

/** @type {esbuild.BuildOptions} */
const sandbox = {
  entryPoints: [join(root, 'plugin/main.ts')],
  outfile: join(dist, 'plugin.js'),
  bundle: true,
  format: 'iife',
  // Figma's sandbox runs a restricted JS realm whose syntax support has lagged
  // browsers (object spread and optional chaining arrived late); ES2017 is what
  // create-figma-plugin targets and what esbuild can lower everything newer to.
  target: 'es2017',
  platform: 'neutral',
  logLevel: 'warning',
};

/**
 * The engine worker (onnxruntime-web + SEEM engine). Built first: its source is
 * embedded in the UI bundle as a string and started from a data: URL, because
 * Figma's iframe cannot load a second file and blob: workers fail there.
 * Also written to dist/engine-worker.js for tests and benches.
 * @type {esbuild.BuildOptions}
 */
const worker = {
  entryPoints: [join(root, 'ui/engine/worker/worker.ts')],
  outfile: join(dist, 'engine-worker.js'),
  bundle: true,
  format: 'iife',
  target: 'es2022',
  platform: 'browser',
  minify: !watch,
  logLevel: 'warning',
  // onnxruntime-web probes for Node modules it never uses in a browser.
  external: ['worker_threads', 'fs', 'path', 'url', 'module', 'perf_hooks', 'os'],
};

/** @type {esbuild.BuildOptions} */
const ui = {
  entryPoints: [join(root, 'ui/main.tsx')],
  outfile: join(dist, 'ui.js'),
  bundle: true,
  write: false,
  format: 'iife',
  // The iframe is a current Chromium/Electron (Figma desktop) or browser.
  target: 'es2022',
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: !watch,
  logLevel: 'warning',
};

/**
 * onnxruntime-web's wasm for the worker's `onnxruntime-web` import (the JSEP build: WASM and
 * WebGPU EPs, 28 MB), gzip + base64 (8.8 MB), inlined in ui.html so the engine starts with no
 * request at all (docs/architecture.md, "Runtime inside the plugin"). Gzipped once per
 * onnxruntime version: dist/ort-wasm.gz.b64 is reused while the wasm's size and mtime match.
 */
const ORT_WASM = join(root, 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm');
const ORT_VERSION = JSON.parse(await readFile(join(root, 'node_modules/onnxruntime-web/package.json'), 'utf8')).version;
/** { b64: gzip+base64 of the wasm (empty without --inline-wasm), sha256 } */
const inlinedWasm = async () => {
  const { size, mtimeMs } = await stat(ORT_WASM);
  const key = `${size}:${Math.round(mtimeMs)}`;
  const cache = join(dist, 'ort-wasm.gz.b64');
  const cached = await readFile(cache, 'utf8').catch(() => '');
  let sha256, b64;
  if (cached.startsWith(`${key}:`)) {
    [sha256, b64] = cached.slice(key.length + 1).split('\n');
  } else {
    const wasm = await readFile(ORT_WASM);
    sha256 = createHash('sha256').update(wasm).digest('hex');
    b64 = gzipSync(wasm, { level: 9 }).toString('base64');
    await writeFile(cache, `${key}:${sha256}\n${b64}`);
  }
  return { sha256, b64: wasmBesideBundle ? '' : b64 };
};

/**
 * Inter (ui/fonts: latin subset, 400/500/600, OFL-1.1) as @font-face rules with data: URLs: the iframe can load no
 * second file, and Figma's own UI font is not available to plugins. ~72 KB of woff2, ~96 KB once base64'd.
 */
const INTER_WEIGHTS = [400, 500, 600];
const fontFaces = async () =>
  (
    await Promise.all(
      INTER_WEIGHTS.map(async (w) => {
        const b64 = (await readFile(join(root, `ui/fonts/inter-latin-${w}-normal.woff2`))).toString('base64');
        return `@font-face{font-family:Inter;font-style:normal;font-weight:${w};font-display:block;src:url(data:font/woff2;base64,${b64}) format('woff2')}`;
      }),
    )
  ).join('\n');

const inlineUi = async (result) => {
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const [template, css, fonts, wasm] = await Promise.all([
    readFile(join(root, 'ui/index.html'), 'utf8'),
    readFile(join(root, 'ui/styles.css'), 'utf8'),
    fontFaces(),
    inlinedWasm(),
  ]);
  // `</script` inside the bundle would end the inline script early (base64 has no `<`).
  const safeJs = js.replaceAll('</script', '<\\/script');
  // The wasm first, into the template alone: the bundle's text could contain a placeholder; base64 and hex cannot.
  const html = template
    .replace('__ORT_VERSION__', () => ORT_VERSION)
    .replace('__ORT_SHA256__', () => wasm.sha256)
    .replace('/*__ORT_WASM__*/', () => wasm.b64)
    .replace('/*__STYLES__*/', () => `${fonts}\n${css}`)
    .replace('/*__SCRIPT__*/', () => safeJs);
  await writeFile(uiOut, html);
};

const readWorker = () => readFile(join(dist, 'engine-worker.js'), 'utf8');

await mkdir(dist, { recursive: true });
if (watch) {
  const inlinePlugin = { name: 'inline-ui', setup: (b) => b.onEnd((r) => (r.errors.length ? undefined : inlineUi(r))) };
  await esbuild.build(worker);
  const contexts = await Promise.all([
    esbuild.context(sandbox),
    esbuild.context(worker),
    esbuild.context({ ...ui, plugins: [workerSourcePlugin(readWorker, join(dist, 'engine-worker.js')), inlinePlugin] }),
  ]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching plugin/ and ui/ …');
} else if (uiOutArg > 0) {
  // Only the UI variant, from the worker already built: dist/ stays as it is for whatever else reads it.
  await inlineUi(await esbuild.build({ ...ui, plugins: [workerSourcePlugin(readWorker)] }));
} else {
  await esbuild.build(worker);
  const [, uiResult] = await Promise.all([esbuild.build(sandbox), esbuild.build({ ...ui, plugins: [workerSourcePlugin(readWorker)] })]);
  await inlineUi(uiResult);
}
