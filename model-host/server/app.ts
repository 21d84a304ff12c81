/**
 * The model host's HTTP API (Hono): bundle files for the plugin UI, onnxruntime-web's
 * wasm, and the image encoder over KServe v2. Every error is a status with a JSON
 * body `{error}`. CORS allows any origin: Figma's plugin iframe sends `Origin: null`.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { encoderModelName, type ModelList } from '../../contracts/host-api';
import { HOST_ROUTES } from '../../contracts/host-routes';
import {
  BINARY_CONTENT_TYPE,
  decodeTensors,
  encodeBinaryBody,
  HEADER_LENGTH,
  inferRequestSchema,
  KServeError,
  parseHeader,
  type Float32Tensor,
  type InferResponse,
} from '../../contracts/kserve';
import { InputError, runEncoderAsync, validateImage } from './encoder-service';
import { IMMUTABLE, REVALIDATE, serveFileAsync } from './http-files';
import { Limiter } from './limiter';
import { resolveBundleFileAsync, type BundleEntry, type Registry } from './registry';
import { downloadBytes, precisionsOf } from '../../contracts/bundle-precision';
import { runtimeFileAsync } from './runtime-files';

export interface HostOptions {
  registry: Registry;
  /**
   * Refreshes `registry` from disk; called before listing models and when a request names a model
   * the host does not know (a bundle added with `seem-host add` while the host runs). Default: none.
   */
  rescan?: () => Promise<void>;
  /** Max request body (infer). Default 64 MiB. */
  maxBodyBytes?: number;
  /** Encoder runs at once / waiting. Defaults 1 / 8. */
  concurrency?: number;
  queue?: number;
  /** Per-request limit for infer. Default 120 s. */
  inferTimeoutMs?: number;
  /**
   * One encoder run. Default: the bundle's image_encoder.onnx in onnxruntime-node. An
   * option so that a test can hold runs open and see the limiter's 503s at the HTTP edge
   * without depending on how fast the real encoder is.
   */
  runEncoder?: (entry: BundleEntry, image: Float32Tensor) => Promise<Float32Tensor[]>;
}

const json = (status: number, body: object, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const fail = (status: number, error: string, headers: Record<string, string> = {}): Response => json(status, { error }, headers);
const unknownModel = (name: string | undefined): Response => fail(404, `unknown model "${name ?? ''}"`);

export const createApp = (o: HostOptions): Hono => {
  const app = new Hono();
  const limiter = new Limiter(o.concurrency ?? 1, o.queue ?? 8);
  const timeoutMs = o.inferTimeoutMs ?? 120_000;
  const maxBodyBytes = o.maxBodyBytes ?? 64 * 1024 * 1024;
  const runEncoder = o.runEncoder ?? runEncoderAsync;

  app.use('*', async (c, next) => {
    // Figma's iframe is an opaque origin ("null"): only "*" admits it.
    const cors: Record<string, string> = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': `ETag, Content-Length, Content-Range, Accept-Ranges, ${HEADER_LENGTH}, Retry-After`,
    };
    if (c.req.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
          'Access-Control-Allow-Headers': c.req.header('Access-Control-Request-Headers') ?? `Content-Type, Range, If-None-Match, ${HEADER_LENGTH}`,
          'Access-Control-Max-Age': '600',
          // Chrome's Private Network Access: a public-origin page may call this loopback host.
          ...(c.req.header('Access-Control-Request-Private-Network') === 'true' ? { 'Access-Control-Allow-Private-Network': 'true' } : {}),
        },
      });
    }
    await next();
    for (const [k, v] of Object.entries(cors)) c.res.headers.set(k, v);
  });

  // Paths are matched after URL normalisation; a raw path that tried to climb
  // (`..`, encoded or not) is refused outright rather than quietly resolved.
  app.use('*', async (c, next) => {
    const raw = (c.env as { incoming?: { url?: string } } | undefined)?.incoming?.url ?? new URL(c.req.url).pathname;
    const path = raw.split('?')[0] ?? '';
    if (/(^|\/)(\.|%2e){2}(\/|%2f|$)/i.test(path) || /%2f|%5c|\\/i.test(path)) return fail(404, 'no such resource');
    await next();
  });

  const rescanAsync = o.rescan ?? (() => Promise.resolve());
  const known = async <T>(find: () => T | undefined): Promise<T | undefined> => {
    const found = find();
    if (found !== undefined) return found;
    await rescanAsync();
    return find();
  };
  const bundleAsync = (c: Context): Promise<BundleEntry | undefined> => known(() => o.registry.bundles.get(c.req.param('id') ?? ''));

  app.get(HOST_ROUTES.models, async () => {
    await rescanAsync();
    const body: ModelList = {
      models: [...o.registry.bundles.values()].map((b) => ({
        id: b.id,
        name: b.manifest.model.name,
        variant: b.manifest.model.variant,
        licence: b.manifest.model.licence,
        demo: b.manifest.model.demo,
        totalBytes: b.manifest.files.reduce((s, f) => s + f.bytes, 0),
        precisions: precisionsOf(b.manifest).map((precision) => ({ precision, bytes: downloadBytes(b.manifest, precision) })),
        encoderModel: encoderModelName(b.id),
      })),
    };
    return json(200, body);
  });

  app.get(HOST_ROUTES.manifest, async (c) => {
    const b = await bundleAsync(c);
    if (!b) return unknownModel(c.req.param('id'));
    return new Response(b.manifestBytes, { headers: { 'Content-Type': 'application/json', 'Cache-Control': REVALIDATE } });
  });

  const serveBundleFile = async (c: Context): Promise<Response> => {
    const b = await bundleAsync(c);
    if (!b) return unknownModel(c.req.param('id'));
    const name = c.req.param('name') ?? '';
    const entry = b.manifest.files.find((f) => f.name === name);
    const path = entry ? await resolveBundleFileAsync(b, name) : null;
    if (!entry || !path) return fail(404, `model "${b.id}" has no file "${name}"`);
    const addressed = c.req.query('sha256') === entry.sha256;
    const type = name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return serveFileAsync(c, path, { etag: entry.sha256, contentType: type, cacheControl: addressed ? IMMUTABLE : REVALIDATE });
  };
  app.on(['GET', 'HEAD'], HOST_ROUTES.bundleFile, serveBundleFile);

  app.on(['GET', 'HEAD'], HOST_ROUTES.runtimeFile, async (c) => {
    const file = runtimeFileAsync(c.req.param('name'));
    if (!file) return fail(404, `no runtime file "${c.req.param('name')}"`);
    const f = await file;
    return serveFileAsync(c, f.path, {
      etag: f.sha256,
      contentType: 'application/wasm',
      cacheControl: c.req.query('sha256') === f.sha256 ? IMMUTABLE : REVALIDATE,
    });
  });

  // KServe v2 / Open Inference Protocol
  const encoderEntryAsync = (name: string): Promise<BundleEntry | undefined> =>
    known(() => [...o.registry.bundles.values()].find((b) => encoderModelName(b.id) === name));

  app.get(HOST_ROUTES.live, () => json(200, { live: true }));
  app.get(HOST_ROUTES.ready, () => json(200, { ready: true }));
  app.get(HOST_ROUTES.modelMetadata, async (c) => {
    const b = await encoderEntryAsync(c.req.param('name'));
    if (!b) return unknownModel(c.req.param('name'));
    return json(200, {
      name: c.req.param('name'),
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'image', datatype: 'FP32', shape: [1, 3, -1, -1] }],
      outputs: [{ name: 'mask_features', datatype: 'FP32', shape: [1, b.manifest.dims.hidden, -1, -1] }],
    });
  });
  app.get(HOST_ROUTES.modelReady, async (c) =>
    (await encoderEntryAsync(c.req.param('name'))) ? json(200, { ready: true }) : unknownModel(c.req.param('name')),
  );

  app.post(HOST_ROUTES.infer, bodyLimit({ maxSize: maxBodyBytes, onError: () => fail(413, `request body over ${maxBodyBytes} bytes`) }), async (c) => {
    const b = await encoderEntryAsync(c.req.param('name'));
    if (!b) return unknownModel(c.req.param('name'));
    const body = new Uint8Array(await c.req.arrayBuffer());
    const lengthHeader = c.req.header(HEADER_LENGTH);
    let image;
    let binaryOut: boolean;
    let requestId: string | undefined;
    try {
      const headerLength = lengthHeader === undefined ? null : Number(lengthHeader);
      const { header, headerLength: hl } = parseHeader(inferRequestSchema, body, headerLength);
      image = validateImage(b, decodeTensors(header.inputs, body, hl));
      binaryOut =
        lengthHeader !== undefined || header.parameters?.binary_data_output === true || (header.outputs ?? []).some((x) => x.parameters?.binary_data === true);
      requestId = header.id;
    } catch (error) {
      if (error instanceof KServeError || error instanceof InputError) return fail(400, error.message);
      throw error;
    }
    const job = limiter.tryRun(() => runEncoder(b, image));
    if (!job) return fail(503, 'the encoder is busy: try again shortly', { 'Retry-After': '1' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outputs = await Promise.race([job, timeout]).finally(() => clearTimeout(timer));
    if (outputs === 'timeout') return fail(504, `the encoder did not finish within ${Math.round(timeoutMs / 1000)} s`);
    const header: InferResponse = {
      ...(requestId ? { id: requestId } : {}),
      model_name: c.req.param('name'),
      model_version: '1',
      outputs: outputs.map((t) => ({
        name: t.name,
        shape: t.dims,
        datatype: 'FP32',
        ...(binaryOut ? { parameters: { binary_data_size: t.data.byteLength } } : { data: Array.from(t.data) }),
      })),
    };
    if (!binaryOut) return json(200, header);
    const { body: out, headerLength } = encodeBinaryBody(
      header,
      outputs.map((t) => t.data),
    );
    return new Response(out, { headers: { 'Content-Type': BINARY_CONTENT_TYPE, [HEADER_LENGTH]: String(headerLength) } });
  });

  app.notFound((c) => fail(404, `no route ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError((error) => {
    console.error(error);
    return fail(500, `internal error: ${error.message}`);
  });
  return app;
};
