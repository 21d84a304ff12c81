/**
 * Where onnxruntime-web puts each node of a bundle's graphs on the WebGPU execution provider, in headless
 * Chromium (SwiftShader here; a real GPU elsewhere): per graph, the nodes it placed on the CPU provider, by op, and
 * the ones that cost a GPU↔CPU copy per run (test/helpers/placements.ts; test/browser/webgpu-coverage.test.ts fails
 * on data-path ones). onnxruntime keeps shape arithmetic (Shape, Gather, Concat on int64 shape tensors) on the CPU
 * on purpose.
 *   npm run build && npx tsx bench/webgpu-placement.ts [--bundle <dir>] [--precision <p>]   (default: the demo bundle)
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fsBundleSource } from '../model-host/bundles-fs';
import { startHostAsync } from '../model-host/server/serve';
import { launchChromiumAsync } from '../test/browser/chromium';
import { isShapeUpload } from '../test/helpers/placements';
import { placeGraphsAsync } from '../test/browser/placement-run';
import { DEMO_DIR, ensureDemoBundleAsync } from '../test/helpers/node-engine';
import { graphFiles, parseManifest } from '../contracts/bundle-manifest';
import { graphFileFor } from '../contracts/bundle-precision';
import { hostUrl, RUNTIME_WASM } from '../contracts/host-routes';

const { values } = parseArgs({ options: { bundle: { type: 'string' }, precision: { type: 'string' } } });
const dir = values.bundle ?? (await ensureDemoBundleAsync(DEMO_DIR));
const manifest = parseManifest(await fsBundleSource(dir).manifestAsync());
const files = graphFiles(manifest.model.decoder).map((g) => graphFileFor(manifest, values.precision ?? 'fp32', g));

const host = await startHostAsync({ port: 0, roots: [dirname(dir)] });
const browser = await launchChromiumAsync({ webgpu: true });
try {
  const placed = await placeGraphsAsync(
    browser,
    hostUrl(host.url, 'runtimeFile', { name: RUNTIME_WASM }),
    await Promise.all(files.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(dir, name))) }))),
  );
  console.log(`\n${basename(dir)} on the WebGPU execution provider (Chromium):`);
  for (const p of placed) {
    if (p.error) {
      console.log(`  ${p.name}: does not load on WebGPU — ${p.error}`);
      continue;
    }
    const cpu = [...p.cpuOps].sort((a, b) => b[1] - a[1]);
    const onCpu = cpu.reduce((s, [, n]) => s + n, 0);
    console.log(`  ${p.name}: ${p.gpuNodes} nodes on WebGPU, ${onCpu} on the CPU${onCpu ? `: ${cpu.map(([op, n]) => `${op} ${n}`).join(', ')}` : ''}`);
    const data = p.copies.filter((c) => !isShapeUpload(c));
    const shapes = p.copies.length - data.length;
    console.log(`    ${shapes} upload(s) of values computed from shapes alone (position grids, masks)`);
    console.log(
      data.length
        ? `    data-path GPU↔CPU copies per run: ${data.map((c) => `${c.op} ${c.node} (${c.direction} ${c.tensor})`).join('; ')}`
        : '    no data-path GPU↔CPU copy',
    );
  }
} finally {
  await browser.close();
  await host.close();
}
