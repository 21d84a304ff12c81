/** The text encoder runs once per text: the same words on another image, or asked again, reuse its answer. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { fsBundleSource } from '../../model-host/bundles-fs';
import { loadBundleAsync } from '../../ui/engine/bundle/load-bundle';
import { SeemEngine } from '../../ui/engine/engine';
import { OrtRuntime } from '../../ui/engine/runtime';
import { DEMO_DIR, ensureDemoBundleAsync } from '../helpers/node-engine';
import { colourScene } from '../helpers/scene';

it('one text encoder run per text, whatever the image; another text runs it again', async () => {
  await ensureDemoBundleAsync();
  const runtime = new OrtRuntime({ ort, backend: 'cpu' });
  const bundle = await loadBundleAsync(fsBundleSource(DEMO_DIR), runtime);
  let textRuns = 0;
  const run = runtime.runAsync.bind(runtime);
  runtime.runAsync = (session, feeds) => {
    if (session === bundle.text) textRuns++;
    return run(session, feeds);
  };
  const engine = new SeemEngine(runtime, bundle);
  const { image } = colourScene();
  await engine.encodeImageAsync('a', image);
  await engine.encodeImageAsync('b', image);
  const first = await engine.decodeAsync('a', [{ text: 'red' }]);
  const again = await engine.decodeAsync('b', [{ text: ' red ' }]);
  assert.equal(textRuns, 1);
  assert.ok(first.status === 'done' && again.status === 'done');
  assert.deepEqual(first.value[0]?.mask.data, again.value[0]?.mask.data, 'the same image content and text: the same answer');
  await engine.decodeAsync('a', [{ text: 'blue' }]);
  assert.equal(textRuns, 2);
});
