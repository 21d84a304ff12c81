/**
 * The slice of the onnxruntime API the engine uses. onnxruntime-web (browser,
 * worker) and onnxruntime-node (tests, model host) both provide it, so the engine
 * takes the module as a parameter instead of importing one.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';

export type { InferenceSession, Tensor };

export interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: {
    new (type: 'float32', data: Float32Array, dims: readonly number[]): Tensor;
    new (type: 'int64', data: BigInt64Array, dims: readonly number[]): Tensor;
  };
}

export type Feeds = Record<string, Tensor>;
export type Outputs = Record<string, Tensor>;

/** A float32 output's data, checked (a model returning another type is a contract violation). */
export const floatData = (t: Tensor | undefined, name: string): Float32Array => {
  if (!t) throw new Error(`missing output "${name}"`);
  if (!(t.data instanceof Float32Array)) throw new Error(`output "${name}" is ${t.type}, expected float32`);
  return t.data;
};
