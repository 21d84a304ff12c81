/** npm run dev: when the built worker changes, the UI bundle that inlines it rebuilds (the virtual module declares the file). */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { workerSourcePlugin } from '../../scripts/esbuild-plugins.mjs';

describe('engine worker source plugin', () => {
  it('in watch mode, rewriting the built worker rebuilds the bundle that inlines it', { timeout: 30_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seem-watch-'));
    const workerFile = join(dir, 'engine-worker.js');
    const entry = join(dir, 'entry.js');
    await writeFile(workerFile, 'worker v1');
    await writeFile(entry, "import src from 'virtual:engine-worker'; console.log(src);");
    const builds: string[] = [];
    let waiter: (() => void) | null = null;
    const recorder: esbuild.Plugin = {
      name: 'record',
      setup: (b) =>
        b.onEnd((r) => {
          builds.push(r.outputFiles?.[0]?.text ?? '');
          waiter?.();
        }),
    };
    const nextBuild = () => new Promise<void>((resolve) => (waiter = resolve));
    const ctx = await esbuild.context({
      entryPoints: [entry],
      bundle: true,
      write: false,
      outfile: join(dir, 'out.js'),
      logLevel: 'silent',
      plugins: [workerSourcePlugin(() => readFile(workerFile, 'utf8'), workerFile), recorder],
    });
    try {
      const first = nextBuild();
      await ctx.watch();
      await first;
      assert.match(builds.at(-1) ?? '', /worker v1/);
      const second = nextBuild();
      await writeFile(workerFile, 'worker v2');
      await Promise.race([second, new Promise((_, reject) => setTimeout(() => reject(new Error('no rebuild within 10 s of the worker changing')), 10_000))]);
      assert.match(builds.at(-1) ?? '', /worker v2/);
    } finally {
      await ctx.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
