/**
 * Where a bundle's files come from: the model host over HTTP (the plugin, the
 * playground; the browser's HTTP cache is the model cache), a static folder on any
 * HTTP(S) host such as the Hugging Face Hub (url-source.ts), or any other reader
 * (the filesystem in tests and in the model host itself).
 */
export interface BundleSource {
  /** A description for error messages, e.g. the URL. */
  readonly location: string;
  manifestAsync(): Promise<unknown>;
  /**
   * One file named in seem.json; `sha256` lets HTTP sources use content-addressed (immutable) URLs,
   * `bytes` (seem.json's size) lets them tell a download cut short from a complete one.
   */
  fileAsync(file: { name: string; sha256: string; bytes?: number }, onProgress?: (loaded: number, total: number, cached: boolean) => void): Promise<Uint8Array>;
}

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
  const out = new Uint8Array(loaded);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** A bundle served by the model host: `GET {host}/v1/models/{id}/seem.json` and `/files/{name}`. */
export const httpBundleSource = (host: string, modelId: string, fetchImpl: FetchLike = (u) => fetch(u)): BundleSource => {
  const base = `${host.replace(/\/+$/, '')}/v1/models/${encodeURIComponent(modelId)}`;
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
        const body = (await res.json()) as { error?: unknown };
        if (typeof body.error === 'string') detail = body.error;
      } catch {
        // not JSON: keep the status text
      }
      throw new BundleFetchError(`${url}: HTTP ${res.status} ${detail}`);
    }
    return res;
  };
  return {
    location: base,
    manifestAsync: async () => (await (await get(`${base}/seem.json`)).json()) as unknown,
    fileAsync: async ({ name, sha256 }, onProgress) => readWithProgress(await get(`${base}/files/${encodeURIComponent(name)}?sha256=${sha256}`), onProgress),
  };
};
