/** Bundles a browser-side test harness (TypeScript) with the built engine worker inlined. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { workerSourcePlugin } from '../../scripts/esbuild-plugins.mjs';
import { servePagesAsync } from './static-server';

const root = join(import.meta.dirname, '../..');

export const buildHarnessAsync = async (entry: string): Promise<string> => {
  const result = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    plugins: [workerSourcePlugin(() => readFile(join(root, 'dist/engine-worker.js'), 'utf8'))],
  });
  return result.outputFiles[0]?.text ?? '';
};

/** Serves one page that runs a harness (bundled by buildHarnessAsync) from an inline script. */
export const serveHarnessAsync = async (entry: string) => {
  const js = await buildHarnessAsync(entry);
  // `</script` inside the bundle would end the inline script early
  return servePagesAsync({
    '/': { type: 'text/html', body: `<!doctype html><meta charset="utf-8"><script>${js.replaceAll('</script', '<\\/script')}</script>` },
  });
};
