/** A bundle in a static folder: URL checks, Range resume after a cut, servers that ignore Range, clear errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BundleFetchError } from '../../ui/engine/bundle/host-source';
import { bundleBaseUrl, contentRangeStart, urlBundleSource, type RangeFetch } from '../../ui/engine/bundle/url-source';

const FILE = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 251);

/** A body that sends `upTo` bytes of `bytes` in 100-byte chunks, then errors (a dropped connection) unless it reached the end. */
const body = (bytes: Uint8Array, upTo = bytes.length): ReadableStream<Uint8Array> => {
  let o = 0;
  return new ReadableStream({
    pull(controller) {
      if (o >= upTo) {
        if (upTo < bytes.length) controller.error(new TypeError('network error'));
        else controller.close();
        return;
      }
      const end = Math.min(o + 100, upTo);
      controller.enqueue(bytes.slice(o, end));
      o = end;
    },
  });
};

interface Call {
  url: string;
  range: string | undefined;
}

/** A static host: serves FILE, honouring `Range: bytes=N-` unless told not to; `cuts` are byte counts after which successive responses drop. */
const staticHost = (opts: { cuts?: number[]; ignoreRange?: boolean; wrongRange?: boolean } = {}) => {
  const calls: Call[] = [];
  const cuts = [...(opts.cuts ?? [])];
  const fetchImpl: RangeFetch = (url, init) => {
    const range = init.headers.Range;
    calls.push({ url, range });
    if (url.endsWith('seem.json')) return Promise.resolve(new Response(JSON.stringify({ format: 2 }), { headers: { 'content-type': 'application/json' } }));
    if (!url.endsWith('/encoder.onnx')) return Promise.resolve(new Response('not found', { status: 404, statusText: 'Not Found' }));
    const start = range && !opts.ignoreRange ? Number(/^bytes=(\d+)-$/.exec(range)?.[1]) : 0;
    const slice = FILE.slice(start);
    const cut = cuts.shift();
    const headers: Record<string, string> = { 'content-length': String(slice.length) };
    if (start > 0) headers['content-range'] = `bytes ${opts.wrongRange ? 0 : start}-${FILE.length - 1}/${FILE.length}`;
    return Promise.resolve(
      new Response(body(slice, cut === undefined ? slice.length : Math.min(cut, slice.length)), { status: start > 0 ? 206 : 200, headers }),
    );
  };
  return { calls, fetchImpl };
};

const entry = { name: 'encoder.onnx', sha256: 'unused-here', bytes: FILE.length };
const fast = { retryDelayMs: () => 0 };

describe('bundle source: a static folder over HTTP(S)', () => {
  it('normalises folder URLs (Hub resolve paths kept, seem.json stripped) and refuses what is not one', () => {
    assert.equal(bundleBaseUrl('https://huggingface.co/org/repo/resolve/main'), 'https://huggingface.co/org/repo/resolve/main/');
    assert.equal(bundleBaseUrl(' https://example.com/models/seem/seem.json '), 'https://example.com/models/seem/');
    assert.equal(bundleBaseUrl('http://127.0.0.1:9000'), 'http://127.0.0.1:9000/');
    assert.throws(() => bundleBaseUrl('huggingface.co/org/repo'), /not a URL/);
    assert.throws(() => bundleBaseUrl('ftp://example.com/x/'), /http\(s\) URL, not ftp:/);
    assert.throws(() => bundleBaseUrl('https://example.com/x/?token=1'), /without \?query/);
  });

  it('reads Content-Range starts', () => {
    assert.equal(contentRangeStart('bytes 300-999/1000'), 300);
    assert.equal(contentRangeStart('bytes 0-9/*'), 0);
    assert.equal(contentRangeStart('items 1-2/3'), null);
    assert.equal(contentRangeStart(null), null);
  });

  it('fetches seem.json and files relative to the folder', async () => {
    const host = staticHost();
    const source = urlBundleSource('https://huggingface.co/org/repo/resolve/main', host.fetchImpl, fast);
    assert.deepEqual(await source.manifestAsync(), { format: 2 });
    assert.deepEqual(await source.fileAsync(entry), FILE);
    assert.deepEqual(
      host.calls.map((c) => c.url),
      ['https://huggingface.co/org/repo/resolve/main/seem.json', 'https://huggingface.co/org/repo/resolve/main/encoder.onnx'],
    );
  });

  it('resumes a dropped download with Range from the byte it reached, reporting progress up to the full size', async () => {
    const host = staticHost({ cuts: [300, 250] });
    const progress: number[] = [];
    const bytes = await urlBundleSource('https://h.example/b/', host.fetchImpl, fast).fileAsync(entry, (loaded, total) => {
      assert.equal(total, FILE.length);
      progress.push(loaded);
    });
    assert.deepEqual(bytes, FILE);
    assert.deepEqual(
      host.calls.map((c) => c.range),
      [undefined, 'bytes=300-', 'bytes=550-'],
    );
    assert.ok(
      progress.every((p, i) => i === 0 || p >= (progress[i - 1] ?? 0)),
      'progress never goes back',
    );
    assert.equal(progress.at(-1), FILE.length);
  });

  it('starts over when the server ignores Range (200) or answers another range', async () => {
    for (const opts of [{ ignoreRange: true }, { wrongRange: true }]) {
      const host = staticHost({ cuts: [400], ...opts });
      assert.deepEqual(await urlBundleSource('https://h.example/b/', host.fetchImpl, fast).fileAsync(entry), FILE, JSON.stringify(opts));
    }
  });

  it('a 206 whose Content-Range is hidden from CORS is taken as the range asked for', async () => {
    const inner = staticHost({ cuts: [400] });
    const hiding: RangeFetch = async (url, init) => {
      const res = await inner.fetchImpl(url, init);
      const headers = new Headers(res.headers);
      headers.delete('content-range');
      return new Response(res.body, { status: res.status, headers });
    };
    assert.deepEqual(await urlBundleSource('https://h.example/b/', hiding, fast).fileAsync(entry), FILE);
    assert.deepEqual(
      inner.calls.map((c) => c.range),
      [undefined, 'bytes=400-'],
    );
  });

  it('gives up after repeated failures with no progress, naming the URL', async () => {
    let n = 0;
    const failing: RangeFetch = () => {
      n += 1;
      return Promise.reject(new TypeError('Failed to fetch'));
    };
    await assert.rejects(urlBundleSource('https://h.example/b/', failing, { maxRetries: 2, retryDelayMs: () => 0 }).fileAsync(entry), (e: unknown) => {
      assert.ok(e instanceof BundleFetchError);
      assert.match(e.message, /could not reach https:\/\/h\.example\/b\/encoder\.onnx \(Failed to fetch\).*allowedDomains/);
      return true;
    });
    assert.equal(n, 3);
  });

  it('HTTP errors are not retried and say which file', async () => {
    const host = staticHost();
    await assert.rejects(
      urlBundleSource('https://h.example/b/', host.fetchImpl, fast).fileAsync({ ...entry, name: 'missing.onnx' }),
      /missing\.onnx: HTTP 404 Not Found/,
    );
    assert.equal(host.calls.length, 1);
    const noManifest: RangeFetch = () => Promise.resolve(new Response('nope', { status: 404, statusText: 'Not Found' }));
    await assert.rejects(urlBundleSource('https://h.example/b/', noManifest).manifestAsync(), /seem\.json: HTTP 404 .*folder holding the bundle's seem\.json/);
  });
});
