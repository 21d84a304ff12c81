/**
 * Where things are served: the model host's routes, declared once — the host registers
 * `HOST_ROUTES` (Hono patterns), the UI builds its URLs from the same patterns with
 * `hostUrl` — and where a static bundle folder keeps onnxruntime's wasm.
 */

/** The wasm build the worker's `onnxruntime-web` import loads (WASM and WebGPU EPs). */
export const RUNTIME_WASM = 'ort-wasm-simd-threaded.jsep.wasm';
/** Every onnxruntime-web file the host serves under `runtimeFile` (the plain SIMD build too, for other clients). */
export const RUNTIME_FILES = [RUNTIME_WASM, 'ort-wasm-simd-threaded.wasm'] as const;

export const HOST_ROUTES = {
  /** GET: host-api.ts `ModelList`. */
  models: '/v1/models',
  manifest: '/v1/models/:id/seem.json',
  /** GET/HEAD; `?sha256=` (the file's, from seem.json) makes the answer immutable. */
  bundleFile: '/v1/models/:id/files/:name',
  runtimeFile: '/v1/runtime/:name',
  // KServe v2 / Open Inference Protocol (kserve.ts); a model is a bundle's encoder (host-api.ts `encoderModelName`).
  live: '/v2/health/live',
  ready: '/v2/health/ready',
  modelMetadata: '/v2/models/:name',
  modelReady: '/v2/models/:name/ready',
  infer: '/v2/models/:name/infer',
} as const;
export type HostRoute = keyof typeof HOST_ROUTES;

type ParamsOf<P extends string> = P extends `${string}:${infer K}/${infer Rest}` ? K | ParamsOf<Rest> : P extends `${string}:${infer K}` ? K : never;

/**
 * `{host}{route}` with each `:param` filled (URI-encoded). `host` may end in slashes, as a
 * URL typed into Settings often does.
 */
export const hostUrl = <R extends HostRoute>(host: string, route: R, params: Record<ParamsOf<(typeof HOST_ROUTES)[R]>, string>): string => {
  const values = params as Record<string, string>;
  const path = HOST_ROUTES[route].replace(/:([A-Za-z]+)/g, (_, key: string) => encodeURIComponent(values[key] ?? ''));
  return `${host.replace(/\/+$/, '')}${path}`;
};

/**
 * onnxruntime's wasm beside a bundle in a static folder (`folder`: normalised, ending in `/`), under the
 * onnxruntime-web version, so that one folder can serve several plugin releases (docs/model-bundle.md).
 */
export const folderRuntimeUrl = (folder: string, version: string): string => `${folder}onnxruntime-web/${version}/${RUNTIME_WASM}`;
