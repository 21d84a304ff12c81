import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backgroundWins, categoryLabel } from '../../ui/engine/category-label';

test('background wins when the last of all K columns is the arg-max (upstream: "others")', () => {
  // Two queries of 3 classes + background: [cat, dog, chair, background].
  const logits = Float32Array.of(1, 4, 2, 3, /* query 1 */ 1, 2, 3, 3.5);
  assert.equal(backgroundWins(logits, 0, 4), false);
  assert.equal(backgroundWins(logits, 4, 4), true);
  // A tie goes to the first column (torch's argmax): background does not win it.
  assert.equal(backgroundWins(Float32Array.of(2, 0, 0, 2), 0, 4), false);
});

test('the label: the class, or "others (class)" when background wins', () => {
  assert.equal(categoryLabel({ category: 'chair', backgroundWins: false }), 'chair');
  assert.equal(categoryLabel({ category: 'chair', backgroundWins: true }), 'others (chair)');
});
