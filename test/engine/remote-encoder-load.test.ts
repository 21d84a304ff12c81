/** Remote encoder mode: the bundle loads without image_encoder.onnx (never read), and decodes from outputs computed elsewhere. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fsBundleSource } from '../../model-host/bundles-fs';
import { loadBundleAsync } from '../../ui/engine/bundle/load-bundle';
import { SeemEngine } from '../../ui/engine/engine';
import { DEMO_DIR, ensureDemoBundleAsync, nodeRuntime } from '../helpers/node-engine';
import { recording } from '../helpers/recording-source';
import { colourScene } from '../helpers/scene';

describe('remote encoder mode', () => {
  it('never reads image_encoder.onnx, refuses to encode locally, and decodes from the host-computed outputs', async () => {
    await ensureDemoBundleAsync();
    const read: string[] = [];
    const runtime = nodeRuntime();
    const remote = new SeemEngine(runtime, await loadBundleAsync(recording(fsBundleSource(DEMO_DIR), read), runtime, undefined, 'remote'));
    assert.ok(read.length > 0);
    assert.ok(!read.includes('image_encoder.onnx'), `read: ${read.join(', ')}`);
    assert.equal(remote.bundle.encoder, null);
    const scene = colourScene();
    await assert.rejects(remote.encodeImageAsync('scene', scene.image), /remote mode/);

    // The host's side, played by a local engine's encoder session.
    const hostRuntime = nodeRuntime();
    const encoder = (await loadBundleAsync(fsBundleSource(DEMO_DIR), hostRuntime)).encoder;
    assert.ok(encoder);
    const input = remote.prepareImage(scene.image);
    const outputs = await hostRuntime.runAsync(encoder, { image: new hostRuntime.ort.Tensor('float32', input.data, input.dims) });
    remote.storeEncoded('scene', input.meta, outputs);
    const r = await remote.decodeAsync('scene', [{ visual: [{ kind: 'click', x: scene.disc.cx, y: scene.disc.cy, positive: true }] }]);
    assert.equal(r.status, 'done');
    assert.equal(r.status === 'done' ? r.value[0]?.category : null, 'red');
  });
});
