/**
 * Two loopback servers that behave like the Hugging Face Hub for one bundle folder:
 * the "hub" answers `/<org>/<repo>/resolve/main/seem.json` itself and every other file
 * with a 302 to the "cdn", a second address that serves the bytes with Range (206 +
 * Content-Range). Both answer CORS for the plugin's `null` origin. Test controls: cut a
 * file's first download part-way (the socket is destroyed), serve a file with one byte
 * flipped, and a log of what each server was asked.
 */
import { readFile, readdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface HubRequest {
  server: 'hub' | 'cdn';
  host: string;
  path: string;
  range: string | null;
  status: number;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Range',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges',
  'Cache-Control': 'no-store',
};

const listenAsync = async (server: Server): Promise<string> => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** `extra`: more files in the repo by path (e.g. `onnxruntime-web/<version>/<wasm>`), served like the bundle's. */
export const startHubImitationAsync = async (bundleDir: string, repo = 'org/seem-demo', extra: Record<string, Buffer> = {}) => {
  const files = new Map<string, Buffer>();
  for (const name of await readdir(bundleDir)) files.set(name, await readFile(join(bundleDir, name)));
  const bundleFiles = [...files.keys()];
  for (const [name, bytes] of Object.entries(extra)) files.set(name, bytes);
  const requests: HubRequest[] = [];
  const cuts = new Map<string, number>();
  const tampered = new Set<string>();
  const prefix = `/${repo}/resolve/main/`;
  let cdnUrl = '';

  const log = (server: HubRequest['server'], req: IncomingMessage, status: number): void => {
    requests.push({ server, host: req.headers.host ?? '', path: new URL(req.url ?? '/', 'http://x').pathname, range: req.headers.range ?? null, status });
  };
  const bytesOf = (name: string): Buffer | undefined => {
    const b = files.get(name);
    if (!b || !tampered.has(name)) return b;
    const t = Buffer.from(b);
    t[t.length >> 1] = (t[t.length >> 1] ?? 0) ^ 0xff;
    return t;
  };

  const hub = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const name = path.startsWith(prefix) ? decodeURIComponent(path.slice(prefix.length)) : '';
    if (req.method === 'OPTIONS') {
      log('hub', req, 204);
      res.writeHead(204, { ...CORS, 'Access-Control-Allow-Methods': 'GET, HEAD' }).end();
    } else if (name === 'seem.json' && files.has(name)) {
      log('hub', req, 200);
      res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' }).end(files.get(name));
    } else if (files.has(name)) {
      log('hub', req, 302);
      res.writeHead(302, { ...CORS, Location: `${cdnUrl}/blobs/${encodeURIComponent(name)}` }).end();
    } else {
      log('hub', req, 404);
      res.writeHead(404, { ...CORS, 'Content-Type': 'text/plain' }).end('Entry not found');
    }
  });

  const cdn = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const bytes = path.startsWith('/blobs/') ? bytesOf(decodeURIComponent(path.slice(7))) : undefined;
    const name = decodeURIComponent(path.slice(7));
    if (req.method === 'OPTIONS') {
      log('cdn', req, 204);
      res.writeHead(204, { ...CORS, 'Access-Control-Allow-Methods': 'GET, HEAD' }).end();
      return;
    }
    if (!bytes) {
      log('cdn', req, 404);
      res.writeHead(404, CORS).end();
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    if (start >= bytes.length) {
      log('cdn', req, 416);
      res.writeHead(416, { ...CORS, 'Content-Range': `bytes */${bytes.length}` }).end();
      return;
    }
    const status = m ? 206 : 200;
    log('cdn', req, status);
    res.writeHead(status, {
      ...CORS,
      'Content-Type': 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      'Content-Length': String(bytes.length - start),
      ...(m ? { 'Content-Range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}),
    });
    const cut = cuts.get(name);
    if (cut === undefined) {
      res.end(bytes.subarray(start));
      return;
    }
    // Once: half the promised bytes, a pause (so the client has read them), then a dropped connection.
    cuts.delete(name);
    res.write(bytes.subarray(start, start + cut));
    setTimeout(() => res.socket?.destroy(), 300);
  });

  const hubUrl = await listenAsync(hub);
  cdnUrl = await listenAsync(cdn);
  return {
    hubUrl,
    cdnUrl,
    /** The folder URL a designer would paste: `<hub>/<org>/<repo>/resolve/main/`. */
    sourceUrl: `${hubUrl}${prefix}`,
    files,
    /** The bundle folder's own files (seem.json included), without `extra`. */
    bundleFiles,
    requests,
    /** The next download of `name` stops after `bytes` bytes. */
    cutOnce: (name: string, bytes: number) => cuts.set(name, bytes),
    tamper: (name: string, on = true) => (on ? tampered.add(name) : tampered.delete(name)),
    close: () => Promise.all([hub, cdn].map((s) => new Promise<void>((r) => s.close(() => r())))),
  };
};
export type HubImitation = Awaited<ReturnType<typeof startHubImitationAsync>>;
