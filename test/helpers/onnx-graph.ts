/**
 * An ONNX model's nodes and the element type of every tensor it names, read from the protobuf (onnx.proto3 field
 * numbers: ModelProto 7 graph; GraphProto 1 node, 5 initializer, 11 input, 12 output, 13 value_info; NodeProto
 * 1 input, 2 output, 3 name, 4 op_type, 5 attribute; AttributeProto 1 name, 5 t; TensorProto 2 data_type, 8 name;
 * ValueInfoProto 1 name, 2 type → TypeProto 1 tensor_type → 1 elem_type). torch's exporter records value_info for
 * its intermediate tensors, which is what gives their types.
 */
import { protobufFields, readVarint } from '../../ui/engine/bundle/onnx-metadata';

export interface OnnxNode {
  name: string;
  op: string;
  inputs: string[];
  outputs: string[];
}

export interface OnnxGraph {
  nodes: OnnxNode[];
  /** Tensor name → TensorProto.DataType (1 float, 10 float16, 7 int64, 9 bool, …). */
  types: Map<string, number>;
  /** The graph's inputs (initializers excluded). */
  inputs: Set<string>;
}

export const FLOAT_TYPES = new Set([1, 10]);

const text = new TextDecoder();
const sub = (b: Uint8Array, field: number, from: number, to: number) => [...protobufFields(b, from, to)].filter(([f]) => f === field);
const str = (b: Uint8Array, field: number, from: number, to: number) => sub(b, field, from, to).map(([, , a, z]) => text.decode(b.subarray(a, z)));
const int = (b: Uint8Array, field: number, from: number, to: number): number | undefined => {
  const hit = sub(b, field, from, to)[0];
  return hit ? readVarint(b, hit[2])[0] : undefined;
};

/** TensorProto → [name, data_type]. */
const tensorType = (b: Uint8Array, from: number, to: number): [string, number | undefined] => [str(b, 8, from, to)[0] ?? '', int(b, 2, from, to)];

export const readOnnxGraph = (model: Uint8Array): OnnxGraph => {
  const graph = sub(model, 7, 0, model.length)[0];
  if (!graph) throw new Error('not an ONNX model: no graph');
  const [, , gFrom, gTo] = graph;
  const nodes: OnnxNode[] = [];
  const types = new Map<string, number>();
  const castTo = new Map<string, number>();
  const inputs = new Set<string>();
  const initializers = new Set<string>();
  for (const [field, , a, z] of protobufFields(model, gFrom, gTo)) {
    if (field === 1) {
      const node = { name: str(model, 3, a, z)[0] ?? '', op: str(model, 4, a, z)[0] ?? '', inputs: str(model, 1, a, z), outputs: str(model, 2, a, z) };
      nodes.push(node);
      if (node.op === 'Cast') {
        const to = sub(model, 5, a, z).find(([, , aa, az]) => str(model, 1, aa, az)[0] === 'to');
        const type = to ? int(model, 3, to[2], to[3]) : undefined;
        if (type !== undefined) castTo.set(node.outputs[0] ?? '', type);
      }
      if (node.op === 'Constant') {
        for (const [, , aa, az] of sub(model, 5, a, z)) {
          const t = sub(model, 5, aa, az)[0];
          const type = t ? tensorType(model, t[2], t[3])[1] : undefined;
          if (type !== undefined) types.set(node.outputs[0] ?? '', type);
        }
      }
    } else if (field === 5) {
      const [name, type] = tensorType(model, a, z);
      initializers.add(name);
      if (type !== undefined) types.set(name, type);
    } else if (field === 11 || field === 12 || field === 13) {
      const name = str(model, 1, a, z)[0] ?? '';
      if (field === 11) inputs.add(name);
      const typeProto = sub(model, 2, a, z)[0];
      const tensor = typeProto ? sub(model, 1, typeProto[2], typeProto[3])[0] : undefined;
      const type = tensor ? int(model, 1, tensor[2], tensor[3]) : undefined;
      if (type !== undefined) types.set(name, type);
    }
  }
  // graphs without value_info (the generated demo bundle): outputs take their op's type rule, in node order
  for (const n of nodes) {
    for (const o of n.outputs) {
      if (!o || types.has(o)) continue;
      const first = n.inputs.map((i) => types.get(i)).find((t) => t !== undefined);
      const type =
        castTo.get(o) ??
        (SHAPE_OPS.has(n.op) ? 7 : BOOL_OPS.has(n.op) ? 9 : n.op === 'ConstantOfShape' ? 1 : n.op === 'Where' ? types.get(n.inputs[1] ?? '') : first);
      if (type !== undefined) types.set(o, type);
    }
  }
  for (const i of [...inputs]) if (initializers.has(i)) inputs.delete(i);
  return { nodes, types, inputs };
};

const SHAPE_OPS = new Set(['Shape', 'Size', 'ArgMax', 'ArgMin', 'NonZero']);
const BOOL_OPS = new Set(['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf']);
