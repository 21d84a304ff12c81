/**
 * Where onnxruntime-web puts each node of a bundle's graphs on the WebGPU execution provider, in headless
 * Chromium (SwiftShader here; a real GPU elsewhere): per graph, the nodes it placed on the CPU provider, by op.
 * A node on the CPU costs a GPU↔CPU copy per run; onnxruntime keeps shape arithmetic (Shape, Gather, Concat on
 * int64 shape tensors) there on purpose, so the list says what to look at, not what is wrong.
 *   npm run build && npx tsx bench/webgpu-placement.ts [--bundle <dir>]   (default: the demo bundle)
 */
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { fsBundleSource } from '../model-host/bundles-fs';
import { startHostAsync } from '../model-host/server/serve';
import { launchChromiumAsync } from '../test/browser/chromium';
import { serveHarnessAsync } from '../test/browser/harness-build';
import { DEMO_DIR, ensureDemoBundleAsync } from '../test/helpers/node-engine';
import { graphFiles, parseManifest } from '../contracts/bundle-manifest';
import { hostUrl, RUNTIME_WASM } from '../contracts/host-routes';

const { values } = parseArgs({ options: { bundle: { type: 'string' } } });
const dir = values.bundle ?? (await ensureDemoBundleAsync(DEMO_DIR));
const manifest = parseManifest(await fsBundleSource(dir).manifestAsync());

/** onnxruntime's verbose placement report → per graph, per provider, op → count. */
export const parsePlacements = (lines: readonly string[]): Map<string, Map<string, Map<string, number>>> => {
  const out = new Map<string, Map<string, Map<string, number>>>();
  let graph = '';
  let provider = '';
  for (const l of lines) {
    const session = /^=== session (.+)$/.exec(l);
    if (session) graph = session[1] as string;
    const head = /Node\(s\) placed on \[(\w+)\]/.exec(l);
    if (head) provider = head[1] as string;
    const node = /VerifyEachNodeIsAssignedToAnEp\]\s{3}(\w+) \(/.exec(l);
    if (node && graph && provider) {
      const byProvider = out.get(graph) ?? new Map<string, Map<string, number>>();
      const ops = byProvider.get(provider) ?? new Map<string, number>();
      ops.set(node[1] as string, (ops.get(node[1] as string) ?? 0) + 1);
      byProvider.set(provider, ops);
      out.set(graph, byProvider);
    }
  }
  return out;
};

const host = await startHostAsync({ port: 0, roots: [dirname(dir)] });
const pages = await serveHarnessAsync('test/browser/placement-harness.ts');
const browser = await launchChromiumAsync({ webgpu: true });
try {
  const page = await browser.newPage();
  const lines: string[] = [];
  page.on('console', (m) => lines.push(...m.text().split('\n')));
  await page.goto(pages.url);
  const graphs = graphFiles(manifest.model.decoder).map((name) => ({
    name,
    url: hostUrl(host.url, 'bundleFile', { id: manifest.model.id, name }),
  }));
  const loaded = await page.evaluate(
    (c) => (globalThis as unknown as { runPlacement: (c: unknown) => Promise<{ name: string; error: string | null }[]> }).runPlacement(c),
    { wasmUrl: hostUrl(host.url, 'runtimeFile', { name: RUNTIME_WASM }), graphs },
  );
  const placements = parsePlacements(lines);
  console.log(`\n${basename(dir)} on the WebGPU execution provider (Chromium):`);
  for (const { name, error } of loaded) {
    if (error) {
      console.log(`  ${name}: does not load on WebGPU alone — ${error}`);
      continue;
    }
    const byProvider = placements.get(name) ?? new Map<string, Map<string, number>>();
    const count = (p: string) => [...(byProvider.get(p)?.values() ?? [])].reduce((a, b) => a + b, 0);
    const cpu = [...(byProvider.get('CPUExecutionProvider') ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]);
    console.log(
      `  ${name}: ${count('JsExecutionProvider')} nodes on WebGPU, ${count('CPUExecutionProvider')} on the CPU${cpu.length ? `: ${cpu.map(([op, n]) => `${op} ${n}`).join(', ')}` : ''}`,
    );
  }
} finally {
  await browser.close();
  await pages.close();
  await host.close();
}
