/** `npm start` / `seem-host serve` on a busy port: one line naming the port and how to pick another, exit 1, no stack trace. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = join(import.meta.dirname, '../..');
let busy: Server;
let port: number;

before(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  port = (busy.address() as { port: number }).port;
});
after(() => new Promise<void>((resolve) => busy.close(() => resolve())));

const runAsync = (args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });

describe('busy port', () => {
  it('npm start names the host port and MODEL_HOST_PORT', { timeout: 60_000 }, async () => {
    const r = await runAsync(['--import', 'tsx', 'scripts/start.ts'], { MODEL_HOST_PORT: String(port) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    assert.match(r.stderr, /MODEL_HOST_PORT=<n> npm start/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, r.stderr);
  });

  it('npm start names the playground port and PORT', { timeout: 60_000 }, async () => {
    const r = await runAsync(['--import', 'tsx', 'scripts/start.ts'], { MODEL_HOST_PORT: '0', PORT: String(port) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`playground: port ${port} on 127\\.0\\.0\\.1 is already in use.*PORT=<n> npm start`));
    assert.doesNotMatch(r.stderr, /^\s+at /m, r.stderr);
  });

  it('seem-host serve names the port and --port', { timeout: 60_000 }, async () => {
    const r = await runAsync(['model-host/bin/seem-host.mjs', 'serve', '--port', String(port)], {});
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`seem-host: model host: port ${port} on 127\\.0\\.0\\.1 is already in use.*seem-host serve --port <n>`));
  });
});
