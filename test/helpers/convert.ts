/** `npm run convert -- --random-init …` for tests: a seeded random-weight bundle made by the real CLI. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const BPE = 'test/fixtures/clip-bpe/bpe_simple_vocab_16e6.txt.gz';

/** Converts into `out` with one prompt template (fast); returns the CLI's stdout. */
export const convertRandomInit = (out: string, args: readonly string[]): string => {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'model-host/convert-cli.ts', '--random-init', '--out', out, '--bpe', BPE, '--templates', '1', ...args],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};
