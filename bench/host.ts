/**
 * bench/host — the model host over loopback HTTP vs doing the same in-process, one run:
 *  - file throughput: GET a bundle file vs fs.readFile;
 *  - encoder latency: KServe v2 binary infer vs an in-process onnxruntime-node run.
 *
 *   npm run bench:host [-- --bundle <dir>] [-- --runs <n>]
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { fsBundleSource } from '../model-host/bundles-fs';
import { startHostAsync } from '../model-host/server/serve';
import { parseManifest } from '../contracts/bundle-manifest';
import { hostUrl } from '../contracts/host-routes';
import { preprocessImage } from '../ui/engine/preprocess';
import { remoteEncodeAsync } from '../ui/engine/remote-encoder';
import { DEMO_DIR, ensureDemoBundleAsync } from '../test/helpers/node-engine';
import { fixture } from '../test/helpers/image-files';
import { fmt, medianMsAsync } from './lib/timing';

const { values } = parseArgs({ options: { bundle: { type: 'string' }, runs: { type: 'string' } } });
const runs = Number(values.runs ?? 10);
const dir = values.bundle ?? (await ensureDemoBundleAsync(DEMO_DIR));
const manifest = parseManifest(await fsBundleSource(dir).manifestAsync());
const host = await startHostAsync({ port: 0, roots: [dirname(dir)] });
try {
  const biggest = [...manifest.files].sort((a, b) => b.bytes - a.bytes)[0];
  if (!biggest) throw new Error('empty bundle');
  const url = hostUrl(host.url, 'bundleFile', { id: manifest.model.id, name: biggest.name });
  const httpMs = await medianMsAsync(async () => (await fetch(url)).arrayBuffer(), runs);
  const fsMs = await medianMsAsync(() => readFile(join(dir, biggest.name)), runs);
  const mb = biggest.bytes / 1e6;

  const { data, meta } = preprocessImage(fixture('astronaut.png'), manifest.preprocess);
  const dims = [1, 3, meta.paddedHeight, meta.paddedWidth];
  // Same session options as the host's (onnxruntime's default threads), so the difference is HTTP + (de)serialisation.
  const session = await ort.InferenceSession.create(await readFile(join(dir, 'image_encoder.onnx')));
  const localMs = await medianMsAsync(() => session.run({ image: new ort.Tensor('float32', data, dims) }), runs);
  const remoteMs = await medianMsAsync(() => remoteEncodeAsync(host.url, manifest.model.id, { data, dims }), runs);

  console.log(`\nbundle ${manifest.model.id}; ${runs} runs (median)`);
  console.log(
    `file ${biggest.name} (${fmt(mb, 2)} MB): HTTP ${fmt(httpMs, 2)} ms (${fmt(mb / (httpMs / 1000), 0)} MB/s), fs ${fmt(fsMs, 2)} ms → HTTP/fs ${fmt(httpMs / fsMs, 2)}×`,
  );
  console.log(
    `encoder on ${dims.join('×')}: KServe over HTTP ${fmt(remoteMs)} ms, in-process ${fmt(localMs)} ms → HTTP/in-process ${fmt(remoteMs / localMs, 2)}×`,
  );
} finally {
  await host.close();
}
