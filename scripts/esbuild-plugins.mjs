// esbuild plugins shared by the build and the browser-test harness.

/**
 * Resolves `virtual:engine-worker` to the built engine worker's source text (a string export).
 * `watchFile`: the built worker's path; in watch mode (npm run dev) the UI rebuilds when it changes —
 * a virtual module has no file of its own for esbuild to watch, so without this the worker rebuilt and
 * dist/ui.html kept the old one.
 */
export const workerSourcePlugin = (getSource, watchFile) => ({
  name: 'engine-worker-source',
  setup(b) {
    b.onResolve({ filter: /^virtual:engine-worker$/ }, (args) => ({ path: args.path, namespace: 'engine-worker' }));
    b.onLoad({ filter: /.*/, namespace: 'engine-worker' }, async () => ({
      contents: `export default ${JSON.stringify(await getSource())};`,
      loader: 'js',
      ...(watchFile ? { watchFiles: [watchFile] } : {}),
    }));
  },
});
