// Builds the two artefacts Figma loads (see manifest.json):
//   dist/plugin.js — the sandbox code (`main`)
//   dist/ui.html   — the iframe, one self-contained HTML file (`ui`): Figma hands the
//                    plugin this file as a string, so every script and style is inlined.
// `--watch` rebuilds on change (npm run dev).
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

await mkdir(dist, { recursive: true });
if (watch) {
  const inlinePlugin = { name: 'inline-ui', setup: (b) => b.onEnd((r) => (r.errors.length ? undefined : inlineUi(r))) };
  const contexts = await Promise.all([esbuild.context(sandbox), esbuild.context({ ...ui, plugins: [inlinePlugin] })]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching plugin/ and ui/ …');
} else {
  const [, uiResult] = await Promise.all([esbuild.build(sandbox), esbuild.build(ui)]);
  await inlineUi(uiResult);
}
