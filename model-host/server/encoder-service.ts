/**
 * The remote image encoder: each bundle's image_encoder.onnx in onnxruntime-node
 * (native, several times faster than single-threaded browser WASM), behind the
 * concurrency limiter. Input validation mirrors the bundle's preprocessing rules.
 */
import * as ort from 'onnxruntime-node';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Float32Tensor } from '../../contracts/kserve';
import type { BundleEntry } from './registry';

export class InputError extends Error {
  override name = 'InputError';
}

const sessions = new Map<string, Promise<ort.InferenceSession>>();

export const encoderSessionAsync = (entry: BundleEntry): Promise<ort.InferenceSession> => {
  const key = `${entry.dir}:${entry.manifest.files.find((f) => f.name === 'image_encoder.onnx')?.sha256 ?? ''}`;
  let s = sessions.get(key);
  if (!s) {
    s = readFile(join(entry.dir, 'image_encoder.onnx')).then((bytes) => ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] }));
    s.catch(() => sessions.delete(key));
    sessions.set(key, s);
  }
  return s;
};

/** Checks the `image` input: FP32 [1, 3, H, W], H and W multiples of padMultiple within the bundle's limit, values finite. */
export const validateImage = (entry: BundleEntry, inputs: readonly Float32Tensor[]): Float32Tensor => {
  const image = inputs.find((t) => t.name === 'image');
  if (!image) throw new InputError(`the encoder takes one input "image"; got ${inputs.map((t) => `"${t.name}"`).join(', ') || 'none'}`);
  if (inputs.length !== 1) throw new InputError('the encoder takes exactly one input, "image"');
  const { padMultiple, maxLongSide } = entry.manifest.preprocess;
  const [n, c, h, w] = image.dims;
  if (image.dims.length !== 4 || n !== 1 || c !== 3) throw new InputError(`"image" must have shape [1, 3, H, W], got [${image.dims.join(', ')}]`);
  // maxLongSide 0 (upstream's unbounded resize): only the request body limit bounds the size.
  const limit = maxLongSide > 0 ? Math.ceil(maxLongSide / padMultiple) * padMultiple : Number.MAX_SAFE_INTEGER;
  for (const [label, v] of [
    ['H', h],
    ['W', w],
  ] as const) {
    if (v === undefined || v <= 0 || v % padMultiple !== 0 || v > limit) {
      throw new InputError(`"image" ${label} = ${v} must be a positive multiple of ${padMultiple}, at most ${limit}`);
    }
  }
  for (const v of image.data) if (!Number.isFinite(v)) throw new InputError('"image" contains NaN or Infinity');
  return image;
};

export const runEncoderAsync = async (entry: BundleEntry, image: Float32Tensor): Promise<Float32Tensor[]> => {
  const session = await encoderSessionAsync(entry);
  const out = await session.run({ image: new ort.Tensor('float32', image.data, image.dims) });
  return session.outputNames.map((name) => {
    const t = out[name] as ort.Tensor;
    return { name, dims: [...t.dims], data: t.data as Float32Array };
  });
};
