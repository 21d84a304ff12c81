/**
 * Serving immutable files well: strong ETags (the sha256), 304 on If-None-Match,
 * single byte ranges (206 / 416) so a browser can resume, HEAD, and
 * `Cache-Control: immutable` on content-addressed URLs (the browser's HTTP cache
 * is the plugin's model cache: Figma's iframe has no usable IndexedDB).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Context } from 'hono';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

const parseRange = (header: string, size: number): { start: number; end: number } | 'invalid' | null => {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return 'invalid';
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return 'invalid';
  let start: number;
  let end: number;
  if (a === '') {
    start = Math.max(0, size - Number(b));
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
};

export const serveFileAsync = async (c: Context, path: string, opts: { etag: string; contentType: string; cacheControl: string }): Promise<Response> => {
  const size = (await stat(path)).size;
  const etag = `"${opts.etag}"`;
  const headers: Record<string, string> = {
    ETag: etag,
    'Cache-Control': opts.cacheControl,
    'Accept-Ranges': 'bytes',
    'Content-Type': opts.contentType,
  };
  const inm = c.req.header('If-None-Match');
  if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return new Response(null, { status: 304, headers });
  const rangeHeader = c.req.header('Range');
  const ifRange = c.req.header('If-Range');
  const range = rangeHeader && (!ifRange || ifRange === etag) ? parseRange(rangeHeader, size) : null;
  if (range === 'invalid') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  const head = c.req.method === 'HEAD';
  if (range) {
    const length = range.end - range.start + 1;
    const h = { ...headers, 'Content-Length': String(length), 'Content-Range': `bytes ${range.start}-${range.end}/${size}` };
    const body = head ? null : (Readable.toWeb(createReadStream(path, { start: range.start, end: range.end })) as ReadableStream);
    return new Response(body, { status: 206, headers: h });
  }
  const body = head ? null : (Readable.toWeb(createReadStream(path)) as ReadableStream);
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Length': String(size) } });
};
