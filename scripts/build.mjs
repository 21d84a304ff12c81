// Builds the two artefacts Figma loads (see manifest.json):
//   dist/plugin.js — the sandbox code (`main`)
//   dist/ui.html   — the iframe, one self-contained HTML file (`ui`): Figma hands the
//                    plugin this file as a string, so every script and style is inlined.
// `--watch` rebuilds on change (npm run dev).
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerSourcePlugin } from './esbuild-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');

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

const inlineUi = async (result) => {
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const [template, css] = await Promise.all([
    readFile(join(root, 'ui/index.html'), 'utf8'),
    readFile(join(root, 'ui/styles.css'), 'utf8'),
  ]);
  // `</script` inside the bundle would end the inline script early.
  const safeJs = js.replaceAll('</script', '<\\/script');
  const html = template.replace('/*__STYLES__*/', () => css).replace('/*__SCRIPT__*/', () => safeJs);
  await writeFile(join(dist, 'ui.html'), html);
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
} else {
  await esbuild.build(worker);
  const [, uiResult] = await Promise.all([esbuild.build(sandbox), esbuild.build({ ...ui, plugins: [workerSourcePlugin(readWorker)] })]);
  await inlineUi(uiResult);
}
