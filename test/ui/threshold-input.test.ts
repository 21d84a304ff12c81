import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseThreshold } from '../../ui/state/threshold-input';

test('a threshold: a number in [0, 1]; empty or not a number: the model default (undefined)', () => {
  assert.deepEqual(['0.4', ' 0.8 ', '', '  ', 'abc', '1.5', '-0.2', '0', '1'].map(parseThreshold), [0.4, 0.8, undefined, undefined, undefined, 1, 0, 0, 1]);
});
