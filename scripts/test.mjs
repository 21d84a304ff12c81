// Runs every test suite: the TypeScript tests under test/ with Node's test runner
// (through tsx), then, when present, the converter's pytest suite.
//   node scripts/test.mjs [--quick] [filter…]
// --quick (npm run test:quick): only the tests that need neither Chromium nor Python —
// no test/browser/ (Chromium), no test/convert/ (PyTorch conversions, Focal-T), no pytest —
// so a change can be checked in well under a minute.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => a !== '--quick');
const SLOW_DIRS = ['browser', 'convert'];
const testRoot = join(root, 'test');

const findTests = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'output' || (quick && dir === testRoot && SLOW_DIRS.includes(name)) ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });

const files = findTests(testRoot).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
let status = 0;
if (files.length > 0) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files], {
    cwd: root,
    stdio: 'inherit',
  });
  status = run.status ?? 1;
}

// The converter's tests (PyTorch + ONNX from Debian: /usr/bin/python3 sees them; .ci/run installs them).
if (!quick && (only.length === 0 || only.some((o) => 'pytest converter'.includes(o)))) {
  const convert = join(root, 'model-host/convert');
  const py = spawnSync(process.env.SEEM_PYTHON ?? '/usr/bin/python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], {
    cwd: convert,
    env: { ...process.env, PYTHONPATH: convert },
    stdio: 'inherit',
  });
  if (py.error) console.error(`converter tests could not start: ${py.error.message} (apt-get install python3-torch python3-onnx python3-pytest)`);
  if ((py.status ?? 1) !== 0) status = status || py.status || 1;
}
process.exit(status);
