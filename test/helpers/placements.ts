/**
 * Where onnxruntime-web placed each node of a graph (its verbose "Node(s) placed on [provider]" report, read from the
 * page's console), and which CPU-placed nodes move float data between the GPU and the CPU on every run.
 *
 * onnxruntime's WebGPU provider has no int64 kernels, so shape arithmetic (Shape → Gather → Concat → Reshape's
 * shape input) runs on the CPU by design: those values are small and the CPU needs them anyway. What costs a copy per
 * run is a CPU node with a float edge to or from a WebGPU node — an op without a WebGPU kernel in the data path.
 */
import { FLOAT_TYPES, type OnnxGraph } from './onnx-graph';

/** graph → provider → placed nodes. */
export type Placements = Map<string, Map<string, { op: string; name: string }[]>>;

export const parsePlacements = (lines: readonly string[]): Placements => {
  const out: Placements = new Map();
  let graph = '';
  let provider = '';
  for (const l of lines) {
    const session = /^=== session (.+)$/.exec(l);
    if (session) graph = session[1] as string;
    const head = /Node\(s\) placed on \[(\w+)\]/.exec(l);
    if (head) provider = head[1] as string;
    // one provider took every node: onnxruntime gives the count, not the list
    const all = /All nodes placed on \[(\w+)\]\. Number of nodes: (\d+)/.exec(l);
    if (all && graph) {
      const nodes = Array.from({ length: Number(all[2]) }, () => ({ op: '(any)', name: '' }));
      out.set(graph, new Map([[all[1] as string, nodes]]));
    }
    const node = /VerifyEachNodeIsAssignedToAnEp\]\s{3}(\w+) \((.*)\)\s*$/.exec(l);
    if (node && graph && provider) {
      const byProvider = out.get(graph) ?? new Map<string, { op: string; name: string }[]>();
      byProvider.set(provider, [...(byProvider.get(provider) ?? []), { op: node[1] as string, name: node[2] as string }]);
      out.set(graph, byProvider);
    }
  }
  return out;
};

export const CPU = 'CPUExecutionProvider';

export interface Copy {
  op: string;
  node: string;
  tensor: string;
  direction: 'GPU→CPU' | 'CPU→GPU';
  /**
   * The CPU node computes only from shapes and constants (no float input from the GPU or from the graph's inputs):
   * a small value such as a position grid or a causal mask, uploaded once per run. Not a data-path op.
   */
  fromShapes: boolean;
}

/** An upload of a value computed from shapes and constants alone (a position grid, a mask): not a data-path copy. */
export const isShapeUpload = (c: Copy): boolean => c.direction === 'CPU→GPU' && c.fromShapes;

/**
 * CPU-placed nodes with a float input produced by a GPU-placed node, or a float output read by one. Nodes that
 * onnxruntime folded or fused away (absent from both lists) count as neither: their values are constants or
 * stay inside a fused GPU kernel.
 */
export const gpuCpuCopies = (graph: OnnxGraph, placed: Map<string, { op: string; name: string }[]>): Copy[] => {
  const cpu = new Set((placed.get(CPU) ?? []).map((n) => n.name));
  const gpu = new Set([...placed].filter(([p]) => p !== CPU).flatMap(([, nodes]) => nodes.map((n) => n.name)));
  const producer = new Map(graph.nodes.flatMap((n) => n.outputs.map((o) => [o, n.name] as const)));
  const consumers = new Map<string, string[]>();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n.name]);
  const isFloat = (t: string) => FLOAT_TYPES.has(graph.types.get(t) ?? -1);
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const fromShapes = new Map<string, boolean>();
  // in node order (topological): a CPU node's float inputs are all constants or come from CPU nodes that are too
  for (const n of graph.nodes) {
    fromShapes.set(
      n.name,
      cpu.has(n.name) &&
        n.inputs.every((t) => {
          if (!t || !isFloat(t)) return true;
          const from = producer.get(t);
          return from === undefined ? !graph.inputs.has(t) : byName.get(from)?.op === 'Constant' || fromShapes.get(from) === true;
        }),
    );
  }
  const copies: Copy[] = [];
  for (const n of graph.nodes) {
    if (!cpu.has(n.name)) continue;
    const base = { op: n.op, node: n.name, fromShapes: fromShapes.get(n.name) === true };
    for (const t of n.inputs) {
      if (t && isFloat(t) && gpu.has(producer.get(t) ?? '')) copies.push({ ...base, tensor: t, direction: 'GPU→CPU' });
    }
    for (const t of n.outputs) {
      if (t && isFloat(t) && (consumers.get(t) ?? []).some((c) => gpu.has(c))) copies.push({ ...base, tensor: t, direction: 'CPU→GPU' });
    }
  }
  return copies;
};
