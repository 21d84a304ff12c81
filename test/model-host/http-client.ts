/** Raw HTTP on loopback (node:http keeps paths literal; fetch would normalise `..`). */
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export const rawRequest = (
  url: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: Uint8Array } = {},
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const u = new URL(url);
    let responded = false;
    const req = request({ hostname: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    // A server may answer (413) before the body is sent and close the socket: the answer counts.
    req.on('error', (e) => (responded ? undefined : reject(e)));
    if (opts.body) req.write(opts.body);
    req.end();
  });

export const jsonOf = (r: RawResponse): unknown => JSON.parse(r.body.toString('utf8'));
