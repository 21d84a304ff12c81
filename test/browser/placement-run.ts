/**
 * Creates a WebGPU session for each graph in headless Chromium (placement-harness.ts) and returns where onnxruntime
 * placed every node, with the GPU↔CPU copies that placement costs per run (test/helpers/placements.ts). Used by
 * webgpu-coverage.test.ts and bench/webgpu-placement.ts.
 */
import type { Browser } from 'playwright-core';
import { readOnnxGraph } from '../helpers/onnx-graph';
import { CPU, gpuCpuCopies, parsePlacements, type Copy } from '../helpers/placements';
import { serveHarnessAsync } from './harness-build';

export interface GraphPlacement {
  name: string;
  /** Why the graph could not be created on WebGPU, if it could not. */
  error: string | null;
  gpuNodes: number;
  cpuOps: Map<string, number>;
  copies: Copy[];
}

export const placeGraphsAsync = async (
  browser: Browser,
  wasmUrl: string,
  graphs: { name: string; bytes: Uint8Array; url?: string }[],
): Promise<GraphPlacement[]> => {
  const pages = await serveHarnessAsync('test/browser/placement-harness.ts');
  try {
    const page = await browser.newPage();
    const lines: string[] = [];
    page.on('console', (m) => lines.push(...m.text().split('\n')));
    await page.goto(pages.url);
    const loaded = await page.evaluate(
      (c) => (globalThis as unknown as { runPlacement: (c: unknown) => Promise<{ name: string; error: string | null }[]> }).runPlacement(c),
      { wasmUrl, graphs: graphs.map((g) => (g.url ? { name: g.name, url: g.url } : { name: g.name, base64: Buffer.from(g.bytes).toString('base64') })) },
    );
    await page.close();
    const placements = parsePlacements(lines);
    return loaded.map(({ name, error }) => {
      const byProvider = placements.get(name) ?? new Map<string, { op: string; name: string }[]>();
      const cpuOps = new Map<string, number>();
      for (const n of byProvider.get(CPU) ?? []) cpuOps.set(n.op, (cpuOps.get(n.op) ?? 0) + 1);
      const graph = graphs.find((g) => g.name === name);
      return {
        name,
        error,
        gpuNodes: [...byProvider].filter(([p]) => p !== CPU).reduce((s, [, nodes]) => s + nodes.length, 0),
        cpuOps,
        copies: graph && !error ? gpuCpuCopies(readOnnxGraph(graph.bytes), byProvider) : [],
      };
    });
  } finally {
    await pages.close();
  }
};
