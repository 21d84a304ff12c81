/**
 * A tiny builder for ONNX graphs: `b.op('MatMul', [x, w])` adds a node and
 * returns its output name, so graphs read like the maths they compute.
 */
import type { AttrValue, GraphDef, NodeDef, TensorValue, ValueInfo } from './onnx-model';

export class GraphBuilder {
  private nodes: NodeDef[] = [];
  private inits: TensorValue[] = [];
  private n = 0;

  constructor(private readonly name: string) {}

  /** One output. */
  op(op: string, inputs: string[], attrs?: Record<string, AttrValue>, output?: string): string {
    const out = output ?? `${op.toLowerCase()}_${this.n++}`;
    this.nodes.push({ op, inputs, outputs: [out], ...(attrs ? { attrs } : {}) });
    return out;
  }

  floats(name: string, dims: number[], values: ArrayLike<number>): string {
    this.inits.push({ name, dtype: 'float32', dims, data: Float32Array.from(values) });
    return name;
  }

  scalar(value: number): string {
    return this.floats(`c_${this.n++}`, [], [value]);
  }

  ints(name: string, values: number[]): string {
    this.inits.push({ name, dtype: 'int64', dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
    return name;
  }

  /** int64 constant vector (shapes, axes, indices) with a generated name. */
  i64(values: number[]): string {
    return this.ints(`i_${this.n++}`, values);
  }

  build(inputs: ValueInfo[], outputs: ValueInfo[], doc?: string): GraphDef {
    return { name: this.name, inputs, outputs, initializers: this.inits, nodes: this.nodes, ...(doc ? { doc } : {}) };
  }
}
