// esbuild plugins shared by the build and the browser-test harness.

/** Resolves `virtual:engine-worker` to the built engine worker's source text (a string export). */
export const workerSourcePlugin = (getSource) => ({
  name: 'engine-worker-source',
  setup(b) {
    b.onResolve({ filter: /^virtual:engine-worker$/ }, (args) => ({ path: args.path, namespace: 'engine-worker' }));
    b.onLoad({ filter: /.*/, namespace: 'engine-worker' }, async () => ({
      contents: `export default ${JSON.stringify(await getSource())};`,
      loader: 'js',
    }));
  },
});
