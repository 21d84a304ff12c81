/**
 * An ONNX model's metadata_props (ModelProto field 14: repeated StringStringEntryProto {1: key, 2: value}),
 * read straight from the file's protobuf without decoding the graph: the loader compares the normalisation
 * the converter baked into the image encoder with seem.json's.
 */
export const readVarint = (b: Uint8Array, at: number): [number, number] => {
  let value = 0;
  let scale = 1;
  let i = at;
  for (;;) {
    if (i >= b.length) throw new Error('truncated varint');
    const byte = b[i++] as number;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, i];
    scale *= 128;
  }
};

/** Top-level fields of one protobuf message: [field number, wire type, payload start, end]. */
export const protobufFields = function* (b: Uint8Array, start = 0, end = b.length): Generator<[number, number, number, number]> {
  let i = start;
  while (i < end) {
    const [tag, afterTag] = readVarint(b, i);
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 0) {
      const [, next] = readVarint(b, afterTag);
      yield [field, wire, afterTag, next];
      i = next;
    } else if (wire === 2) {
      const [len, from] = readVarint(b, afterTag);
      yield [field, wire, from, from + len];
      i = from + len;
    } else if (wire === 1 || wire === 5) {
      const next = afterTag + (wire === 1 ? 8 : 4);
      yield [field, wire, afterTag, next];
      i = next;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
  }
};

export const onnxMetadata = (model: Uint8Array): Map<string, string> => {
  const out = new Map<string, string>();
  const text = new TextDecoder();
  for (const [field, wire, from, to] of protobufFields(model)) {
    if (field !== 14 || wire !== 2) continue;
    let key = '';
    let value = '';
    for (const [f, w, a, z] of protobufFields(model, from, to)) {
      if (w !== 2) continue;
      if (f === 1) key = text.decode(model.subarray(a, z));
      if (f === 2) value = text.decode(model.subarray(a, z));
    }
    out.set(key, value);
  }
  return out;
};
