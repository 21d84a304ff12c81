/** The batch list's thumbnails: small, the mask tinted, the rest dimmed. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskThumbnail, thumbnailSize } from '../../ui/image/mask-thumbnail';

describe('mask thumbnail', () => {
  it('fits the long side, keeps the aspect, never enlarges', () => {
    assert.deepEqual(thumbnailSize(1024, 512, 64), { width: 64, height: 32 });
    assert.deepEqual(thumbnailSize(300, 900, 90), { width: 30, height: 90 });
    assert.deepEqual(thumbnailSize(20, 10, 64), { width: 20, height: 10 });
  });

  it('tints the mask (left half) and dims the rest', () => {
    const image = { width: 8, height: 4, data: new Uint8ClampedArray(8 * 4 * 4).fill(200) };
    // 2×1 logits: left cell inside, right cell outside.
    const mask = { width: 2, height: 1, data: Float32Array.from([5, -5]) };
    const t = maskThumbnail(image, mask, 4, [0, 0, 0]);
    assert.deepEqual([t.width, t.height], [4, 2]);
    assert.deepEqual([...t.data.subarray(0, 4)], [100, 100, 100, 255], 'inside: half tint');
    assert.deepEqual([...t.data.subarray(12, 16)], [70, 70, 70, 255], 'outside: dimmed');
  });
});
