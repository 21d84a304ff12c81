/**
 * Writes ONNX models (onnx.proto3 field numbers) from a small in-memory graph
 * description. Used by the fixture bundle generator; every model is checked by
 * loading it in onnxruntime in the tests.
 */
import { ProtoWriter } from './protobuf-writer';

export const DT = { float32: 1, uint8: 2, int32: 6, int64: 7, bool: 9, float16: 10 } as const;
export type DType = keyof typeof DT;

export interface TensorValue {
  name: string;
  dtype: 'float32' | 'int64';
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export type Dim = number | string;
export interface ValueInfo {
  name: string;
  dtype: DType;
  shape: Dim[];
}

export type AttrValue = number | string | number[] | { ints: number[] } | { floats: number[] } | { float: number } | TensorValue;

export interface NodeDef {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attrs?: Record<string, AttrValue>;
}

export interface GraphDef {
  name: string;
  doc?: string;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: TensorValue[];
  nodes: NodeDef[];
}

const writeTensor = (w: ProtoWriter, t: TensorValue): void => {
  for (const d of t.dims) w.int(1, d);
  w.int(2, DT[t.dtype]);
  w.string(8, t.name);
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
};

const writeValueInfo = (w: ProtoWriter, v: ValueInfo): void => {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, DT[v.dtype]);
      tensor.message(2, (shape) => {
        for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
};

// AttributeProto.AttributeType
const AT = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

const writeAttr = (w: ProtoWriter, name: string, v: AttrValue): void => {
  w.string(1, name);
  if (typeof v === 'number') {
    w.int(3, v).int(20, AT.INT);
  } else if (typeof v === 'string') {
    w.string(4, v).int(20, AT.STRING);
  } else if (Array.isArray(v) || 'ints' in v) {
    for (const i of Array.isArray(v) ? v : v.ints) w.int(8, i);
    w.int(20, AT.INTS);
  } else if ('floats' in v) {
    for (const f of v.floats) w.float(7, f);
    w.int(20, AT.FLOATS);
  } else if ('float' in v) {
    w.float(2, v.float).int(20, AT.FLOAT);
  } else {
    w.message(5, (t) => writeTensor(t, v)).int(20, AT.TENSOR);
  }
};

export const OPSET = 17;

export const encodeModel = (g: GraphDef, producer = 'seem-cutout'): Uint8Array => {
  const model = new ProtoWriter();
  model.int(1, 8); // ir_version 8 (ONNX 1.10+), enough for opset 17
  model.string(2, producer);
  model.string(3, '1');
  model.message(8, (o) => o.string(1, '').int(2, OPSET));
  model.message(7, (graph) => {
    g.nodes.forEach((n, i) => {
      graph.message(1, (node) => {
        for (const x of n.inputs) node.string(1, x);
        for (const x of n.outputs) node.string(2, x);
        node.string(3, n.name ?? `${n.op}_${i}`);
        node.string(4, n.op);
        for (const [k, v] of Object.entries(n.attrs ?? {})) node.message(5, (a) => writeAttr(a, k, v));
      });
    });
    graph.string(2, g.name);
    for (const t of g.initializers) graph.message(5, (w) => writeTensor(w, t));
    if (g.doc) graph.string(10, g.doc);
    for (const v of g.inputs) graph.message(11, (w) => writeValueInfo(w, v));
    for (const v of g.outputs) graph.message(12, (w) => writeValueInfo(w, v));
  });
  return model.finish();
};
