/**
 * The image encoder on the model host (or Triton / KServe): KServe v2 infer with
 * the binary tensor extension. The image is preprocessed here exactly as for the
 * local encoder; the feature maps come back as raw float32 bytes.
 */
import { encoderModelName, errorBodySchema } from '../../contracts/host-api';
import {
  BINARY_CONTENT_TYPE,
  decodeTensors,
  encodeBinaryBody,
  HEADER_LENGTH,
  inferResponseSchema,
  parseHeader,
  type Float32Tensor,
} from '../../contracts/kserve';
import { hostUrl } from '../../contracts/host-routes';

export class RemoteEncoderError extends Error {
  override name = 'RemoteEncoderError';
}

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export const remoteEncodeAsync = async (
  host: string,
  bundleId: string,
  image: { data: Float32Array; dims: number[] },
  fetchImpl: FetchLike = (u, i) => fetch(u, i),
): Promise<Float32Tensor[]> => {
  const model = encoderModelName(bundleId);
  const url = hostUrl(host, 'infer', { name: model });
  const { body, headerLength } = encodeBinaryBody(
    {
      inputs: [{ name: 'image', shape: image.dims, datatype: 'FP32', parameters: { binary_data_size: image.data.byteLength } }],
      parameters: { binary_data_output: true },
    },
    [image.data],
  );
  let res: Response;
  try {
    res = await fetchImpl(url, { method: 'POST', body, headers: { 'Content-Type': BINARY_CONTENT_TYPE, [HEADER_LENGTH]: String(headerLength) } });
  } catch (error) {
    throw new RemoteEncoderError(
      `Model host not reachable at ${host} (${String(error)}). Start it with \`npm start\`, or choose another backend than "remote encoder" in Settings (auto, WebGPU or WASM encode here).`,
    );
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) {
    let detail = res.statusText;
    try {
      detail = errorBodySchema.parse(JSON.parse(new TextDecoder().decode(bytes))).error;
    } catch {
      // keep the status text
    }
    const retry = res.headers.get('Retry-After');
    throw new RemoteEncoderError(`remote encoder: HTTP ${res.status} ${detail}${retry ? ` (retry after ${retry} s)` : ''}`);
  }
  const hl = res.headers.get(HEADER_LENGTH);
  const { header, headerLength: length } = parseHeader(inferResponseSchema, bytes, hl === null ? null : Number(hl));
  return decodeTensors(header.outputs, bytes, length);
};
