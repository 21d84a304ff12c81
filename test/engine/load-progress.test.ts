/** Loading reports each step: every file's download, then each session being created (a named step, not a frozen 100 %). */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fsBundleSource } from '../../model-host/bundles-fs';
import { loadBundleAsync, type LoadProgress } from '../../ui/engine/bundle/load-bundle';
import { DEMO_DIR, ensureDemoBundleAsync, nodeRuntime } from '../helpers/node-engine';

it('load progress: downloads, then one named session step per graph', async () => {
  await ensureDemoBundleAsync();
  const steps: LoadProgress[] = [];
  await loadBundleAsync(fsBundleSource(DEMO_DIR), nodeRuntime(), (p) => steps.push(p));
  const firstSession = steps.findIndex((p) => p.stage === 'session');
  assert.ok(firstSession >= 0, 'session steps are reported (the filesystem source reports no download progress)');
  assert.ok(steps.slice(0, firstSession).every((p) => p.stage === 'download'));
  assert.deepEqual(
    steps.slice(firstSession).map((p) => `${p.stage} ${p.file}`),
    [
      'session image_encoder.onnx',
      'session visual_prompt.onnx',
      `session ${steps.some((p) => p.file === 'query_decoder.onnx') ? 'query_decoder.onnx' : 'prompt_decoder.onnx'}`,
      'session text_encoder.onnx',
    ],
  );
});
