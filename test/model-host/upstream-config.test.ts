import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfigKind, isConfigKind, upstreamConfig } from '../../model-host/upstream-config';

test('v0 checkpoints pair with the demo yaml (object threshold 0.4), v1 with the v1 yaml (0.8)', () => {
  assert.equal(defaultConfigKind('v0'), 'demo');
  assert.equal(defaultConfigKind('v1'), 'v1');
  assert.deepEqual(upstreamConfig('focalt', 'demo'), { file: 'focalt_unicl_lang_demo.yaml', objectThreshold: 0.4, overlapThreshold: 0.8 });
  assert.deepEqual(upstreamConfig('focall', 'v1'), { file: 'focall_unicl_lang_v1.yaml', objectThreshold: 0.8, overlapThreshold: 0.8 });
  assert.deepEqual(upstreamConfig('focalt', 'v0'), { file: 'focalt_unicl_lang_v0.yaml', objectThreshold: 0.8, overlapThreshold: 0.8 });
});

test('config kinds are demo, v0, v1 only', () => {
  assert.deepEqual(['demo', 'v0', 'v1', 'v2', 'Demo'].map(isConfigKind), [true, true, true, false, false]);
});
