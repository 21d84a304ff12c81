/**
 * KServe v2 / Open Inference Protocol, with the binary tensor data extension:
 * the body is a JSON header (its length in the `Inference-Header-Content-Length`
 * HTTP header) followed by the raw little-endian tensor bytes, in tensor order,
 * for every tensor whose parameters carry `binary_data_size`. Feature maps then
 * travel as bytes, not as JSON numbers. Pure functions: used by the host and the UI.
 */
import { array, boolean, integer, literal, number, object, optional, string, type Infer, oneOfLiterals } from './schema';

export const HEADER_LENGTH = 'Inference-Header-Content-Length';
export const BINARY_CONTENT_TYPE = 'application/vnd.kserve.binary';

const parameters = optional(object({ binary_data_size: optional(integer), binary_data: optional(boolean) }));

export const inferTensorSchema = object({
  name: string,
  shape: array(integer, 8),
  datatype: oneOfLiterals(['FP32'] as const),
  parameters,
  data: optional(array(number)),
});

export const inferRequestSchema = object({
  id: optional(string),
  inputs: array(inferTensorSchema, 16),
  outputs: optional(array(object({ name: string, parameters }), 64)),
  parameters: optional(object({ binary_data_output: optional(boolean) })),
});
export type InferRequest = Infer<typeof inferRequestSchema>;

export const inferResponseSchema = object({
  id: optional(string),
  model_name: string,
  model_version: optional(string),
  outputs: array(inferTensorSchema, 64),
});
export type InferResponse = Infer<typeof inferResponseSchema>;

export const modelMetadataSchema = object({
  name: string,
  versions: array(string),
  platform: literal('onnxruntime_onnx'),
  inputs: array(object({ name: string, datatype: string, shape: array(integer) })),
  outputs: array(object({ name: string, datatype: string, shape: array(integer) })),
});

export interface Float32Tensor {
  name: string;
  dims: number[];
  data: Float32Array;
}

export class KServeError extends Error {
  override name = 'KServeError';
}

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** JSON header + binary tensors → one body; returns the body and the header length. */
export const encodeBinaryBody = (header: object, tensors: readonly Float32Array[]): { body: Uint8Array<ArrayBuffer>; headerLength: number } => {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const total = json.length + tensors.reduce((s, t) => s + t.byteLength, 0);
  const body = new Uint8Array(total);
  body.set(json, 0);
  let o = json.length;
  for (const t of tensors) {
    body.set(new Uint8Array(t.buffer, t.byteOffset, t.byteLength), o);
    o += t.byteLength;
  }
  return { body, headerLength: json.length };
};

/** Splits a body into its JSON header and the tensors it describes (binary or JSON data). */
export const decodeTensors = (tensors: readonly Infer<typeof inferTensorSchema>[], body: Uint8Array, headerLength: number): Float32Tensor[] => {
  let o = headerLength;
  return tensors.map((t) => {
    if (t.shape.some((d) => d < 0)) throw new KServeError(`tensor "${t.name}": negative dimension in shape [${t.shape.join(', ')}]`);
    const count = product(t.shape);
    const size = t.parameters?.binary_data_size;
    if (size !== undefined) {
      if (size !== count * 4)
        throw new KServeError(`tensor "${t.name}": binary_data_size ${size} does not match shape [${t.shape.join(', ')}] of FP32 (${count * 4} bytes)`);
      if (o + size > body.length) throw new KServeError(`tensor "${t.name}": the body ends before its ${size} bytes`);
      const data = new Float32Array(body.slice(o, o + size).buffer);
      o += size;
      return { name: t.name, dims: t.shape, data };
    }
    if (!t.data) throw new KServeError(`tensor "${t.name}": no data and no binary_data_size`);
    if (t.data.length !== count) throw new KServeError(`tensor "${t.name}": ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    return { name: t.name, dims: t.shape, data: Float32Array.from(t.data) };
  });
};

export const parseHeader = <T>(schema: { parse(v: unknown): T }, body: Uint8Array, headerLength: number | null): { header: T; headerLength: number } => {
  const length = headerLength ?? body.length;
  if (!Number.isInteger(length) || length < 0 || length > body.length)
    throw new KServeError(`${HEADER_LENGTH} ${headerLength} is outside the body (${body.length} bytes)`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body.subarray(0, length)));
  } catch {
    throw new KServeError('the inference header is not valid JSON');
  }
  try {
    return { header: schema.parse(json), headerLength: length };
  } catch (error) {
    throw new KServeError(`the inference header is malformed: ${error instanceof Error ? error.message : String(error)}`);
  }
};
