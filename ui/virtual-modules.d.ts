/** The engine worker's built source, inlined by the build (scripts/esbuild-plugins.mjs). */
declare module 'virtual:engine-worker' {
  const source: string;
  export default source;
}
