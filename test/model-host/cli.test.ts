import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { DEMO_DIR, ensureDemoBundleAsync } from '../helpers/node-engine';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../model-host/bin/seem-host.mjs');
let dir: string;

const cli = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, SEEM_MODELS: join(dir, 'models') } });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
};

before(async () => {
  await ensureDemoBundleAsync();
  dir = await mkdtemp(join(tmpdir(), 'seem-cli-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('seem-host CLI', () => {
  it('--help lists the commands', async () => {
    const r = await cli('--help');
    assert.equal(r.code, 0);
    for (const c of ['serve', 'list', 'verify', 'add', '--port', '--models']) assert.match(r.out, new RegExp(c));
  });

  it('verify names a bad file; add refuses it, then adds a good bundle that list shows', async () => {
    const bad = join(dir, 'bad');
    await cp(DEMO_DIR, bad, { recursive: true });
    await writeFile(join(bad, 'text_encoder.onnx'), 'corrupt');
    const v = await cli('verify', bad);
    assert.equal(v.code, 2);
    assert.match(v.err, /text_encoder\.onnx: 7 bytes, seem\.json says \d+/);
    assert.equal((await cli('add', bad)).code, 2);
    // Same size, one byte changed: only the sha256 can tell.
    const altered = join(dir, 'altered');
    await cp(DEMO_DIR, altered, { recursive: true });
    const tokenizer = await readFile(join(altered, 'tokenizer.json'));
    tokenizer[0] = (tokenizer[0] ?? 0) ^ 1;
    await writeFile(join(altered, 'tokenizer.json'), tokenizer);
    const a = await cli('verify', altered);
    assert.equal(a.code, 2);
    assert.match(a.err, /tokenizer\.json: sha256 [0-9a-f]{64} does not match seem\.json/);
    const ok = await cli('verify', DEMO_DIR);
    assert.equal(ok.code, 0);
    assert.match(ok.out, /all 6 files match/);
    const add = await cli('add', DEMO_DIR, '--models', join(dir, 'models'));
    assert.equal(add.code, 0, add.err);
    assert.deepEqual(await readdir(join(dir, 'models')), ['seem-demo-colour']);
    const list = await cli('list', '--models', join(dir, 'models'));
    assert.match(list.out, /seem-demo-colour\tdemo-colour/);
  });

  it('unknown commands and bad ports fail clearly', async () => {
    assert.equal((await cli('frobnicate')).code, 1);
    const r = await cli('serve', '--port', 'abc');
    assert.equal(r.code, 1);
    assert.match(r.err, /--port must be 0–65535/);
  });
});
