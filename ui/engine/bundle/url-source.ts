/**
 * A bundle in a static folder on any HTTP(S) host: `{base}seem.json` and `{base}{file}` —
 * exactly what `npm run convert` writes. The Hugging Face Hub's
 * `https://huggingface.co/<org>/<repo>/resolve/<rev>/` is such a folder: it answers large
 * files with a redirect to another host, which fetch follows. An interrupted download
 * resumes with `Range: bytes=<received>-` (a 206 whose Content-Range starts there is
 * appended; a 200 means the server ignored the range, so the file starts over).
 * Sizes and sha256 are checked by the loader (load-bundle.ts), never trusted.
 */
import type { BundleSource } from '../../../contracts/bundle-source';
import { BundleFetchError, concatBytes, servedFromCache } from './host-source';

export type RangeFetch = (url: string, init: { headers: Record<string, string> }) => Promise<Response>;

export interface UrlSourceOptions {
  /** Failed attempts in a row (no byte received) before giving up. Default 4. */
  maxRetries?: number;
  /** Wait before retry n (1-based); default 250 ms × n. Tests pass 0. */
  retryDelayMs?: (attempt: number) => number;
}

/** Checks and normalises a source URL: http(s), no query or fragment, ending in `/`. */
export const bundleBaseUrl = (raw: string): string => {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new BundleFetchError(
      `"${raw}" is not a URL: a model source is the address of a folder holding seem.json, e.g. https://huggingface.co/<org>/<repo>/resolve/main/`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BundleFetchError(`"${raw}": a model source must be an http(s) URL, not ${url.protocol}`);
  if (url.search || url.hash) throw new BundleFetchError(`"${raw}": a model source is a folder URL without ?query or #fragment`);
  const path = url.pathname.endsWith('/seem.json') ? url.pathname.slice(0, -'seem.json'.length) : url.pathname.replace(/\/*$/, '/');
  return `${url.origin}${path}`;
};

/** The first byte of a `Content-Range: bytes <first>-<last>/<size>` header, or null. */
export const contentRangeStart = (header: string | null): number | null => {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  return m ? Number(m[1]) : null;
};

const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

const reachError = (url: string, error: unknown): BundleFetchError =>
  new BundleFetchError(
    `could not reach ${url} (${error instanceof Error ? error.message : String(error)}): check the model source URL in Settings and your connection; ` +
      `in Figma a domain missing from the manifest's networkAccess.allowedDomains is blocked`,
  );

export const urlBundleSource = (rawBase: string, fetchImpl: RangeFetch = (u, init) => fetch(u, init), options: UrlSourceOptions = {}): BundleSource => {
  const base = bundleBaseUrl(rawBase);
  const maxRetries = options.maxRetries ?? 4;
  const delay = options.retryDelayMs ?? ((n: number) => 250 * n);

  const getManifestAsync = async (): Promise<unknown> => {
    const url = `${base}seem.json`;
    let res: Response;
    try {
      res = await fetchImpl(url, { headers: {} });
    } catch (error) {
      throw reachError(url, error);
    }
    if (!res.ok) throw new BundleFetchError(`${url}: HTTP ${res.status} ${res.statusText} — is this the folder holding the bundle's seem.json?`);
    try {
      return (await res.json()) as unknown;
    } catch (error) {
      throw new BundleFetchError(`${url}: not JSON (${String(error)})`);
    }
  };

  const getFileAsync: BundleSource['fileAsync'] = async (file, onProgress) => {
    const url = `${base}${file.name.split('/').map(encodeURIComponent).join('/')}`;
    const parts: Uint8Array[] = [];
    let loaded = 0;
    let total = file.bytes ?? 0;
    let failures = 0;
    let lastError: unknown = null;
    let finalUrl = url;
    let attempts = 0;
    for (;;) {
      if (failures > maxRetries) throw lastError instanceof BundleFetchError ? lastError : reachError(url, lastError);
      if (failures > 0) await sleep(delay(failures));
      const before = loaded;
      let res: Response;
      try {
        attempts += 1;
        res = await fetchImpl(url, { headers: loaded > 0 ? { Range: `bytes=${loaded}-` } : {} });
        finalUrl = res.url || url;
      } catch (error) {
        lastError = error;
        failures += 1;
        continue;
      }
      // Content-Range is readable only if the server exposes it to CORS; unreadable, the 206 answers our
      // `bytes=<loaded>-` (and sha256 checks the result anyway).
      const rangeStart = res.status === 206 ? contentRangeStart(res.headers.get('content-range')) : null;
      if (loaded > 0 && rangeStart !== null && rangeStart !== loaded) {
        // A range we did not ask for: start over rather than splice wrong bytes.
        parts.length = 0;
        loaded = 0;
        lastError = new BundleFetchError(`${url}: answered a range request with Content-Range "${res.headers.get('content-range')}"`);
        failures += 1;
        await res.body?.cancel();
        continue;
      }
      if (res.status === 200 && loaded > 0) {
        parts.length = 0; // the server ignored Range: the whole file follows
        loaded = 0;
      } else if (!res.ok) {
        throw new BundleFetchError(`${url}: HTTP ${res.status} ${res.statusText}`);
      }
      if (!total) total = loaded + Number(res.headers.get('content-length') ?? 0);
      let broken = false;
      if (res.body) {
        const reader = res.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parts.push(value);
            loaded += value.length;
            onProgress?.(loaded, total, false);
          }
        } catch (error) {
          lastError = error;
          broken = true;
        }
      } else {
        const bytes = new Uint8Array(await res.arrayBuffer());
        parts.push(bytes);
        loaded += bytes.length;
      }
      // A connection closed early without an error also leaves the file short.
      if (!broken && (file.bytes === undefined || loaded >= file.bytes)) break;
      if (!broken) lastError = new BundleFetchError(`${url}: the connection closed after ${loaded} of ${file.bytes ?? '?'} bytes`);
      failures = loaded > before ? 1 : failures + 1;
    }
    // The browser's HTTP cache answered (nothing transferred): shown as instant. Only a one-request download can be.
    onProgress?.(loaded, total || loaded, attempts === 1 && servedFromCache(finalUrl));
    return concatBytes(parts, loaded);
  };

  return { location: base, manifestAsync: getManifestAsync, fileAsync: getFileAsync };
};
