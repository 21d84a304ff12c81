/**
 * Fetching a bundle over HTTP: from the model host (httpBundleSource) and the helpers the static-folder
 * source (url-source.ts) shares with it. Each returns a contracts/bundle-source BundleSource.
 */
import type { BundleSource } from '../../../contracts/bundle-source';
import { errorBodySchema } from '../../../contracts/host-api';
import { hostUrl } from '../../../contracts/host-routes';

export class BundleFetchError extends Error {
  override name = 'BundleFetchError';
}

type FetchLike = (url: string) => Promise<Response>;

/** Whether the browser served `url` from its HTTP cache (Resource Timing: nothing transferred). */
export const servedFromCache = (url: string): boolean => {
  if (typeof performance === 'undefined' || typeof performance.getEntriesByName !== 'function') return false;
  const entry = performance.getEntriesByName(url).at(-1) as PerformanceResourceTiming | undefined;
  return entry !== undefined && entry.transferSize === 0 && entry.decodedBodySize > 0;
};

/** `parts` (`length` bytes in all) as one array. */
export const concatBytes = (parts: readonly Uint8Array[], length: number): Uint8Array => {
  const out = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

const readWithProgress = async (res: Response, onProgress?: (loaded: number, total: number, cached: boolean) => void): Promise<Uint8Array> => {
  const total = Number(res.headers.get('content-length') ?? 0);
  if (!res.body || !onProgress) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    onProgress?.(bytes.length, bytes.length, servedFromCache(res.url));
    return bytes;
  }
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    onProgress(loaded, total, false);
  }
  onProgress(loaded, total, servedFromCache(res.url));
  return concatBytes(parts, loaded);
};

/** A bundle served by the model host: its `manifest` and `bundleFile` routes (contracts/host-routes.ts). */
export const httpBundleSource = (host: string, modelId: string, fetchImpl: FetchLike = (u) => fetch(u)): BundleSource => {
  const manifestUrl = hostUrl(host, 'manifest', { id: modelId });
  const get = async (url: string): Promise<Response> => {
    let res: Response;
    try {
      res = await fetchImpl(url);
    } catch (error) {
      throw new BundleFetchError(`Model host not reachable at ${host} (${String(error)}). Start it with \`npm start\` or check the URL in Settings.`);
    }
    if (!res.ok) {
      let detail = res.statusText;
      try {
        detail = errorBodySchema.parse(await res.json()).error;
      } catch {
        // not the host's error body: keep the status text
      }
      throw new BundleFetchError(`${url}: HTTP ${res.status} ${detail}`);
    }
    return res;
  };
  return {
    location: manifestUrl.slice(0, -'/seem.json'.length),
    manifestAsync: async () => (await (await get(manifestUrl)).json()) as unknown,
    fileAsync: async ({ name, sha256 }, onProgress) =>
      readWithProgress(await get(`${hostUrl(host, 'bundleFile', { id: modelId, name })}?sha256=${sha256}`), onProgress),
  };
};
