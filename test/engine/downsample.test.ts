import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bilinearDownsample } from '../../ui/engine/downsample';

it('bilinear ×2 and ×4 downsampling on a literal grid (align_corners = false: the two middle cells of each block)', () => {
  // one channel, 4×4: values r*10 + c
  const grid = Float32Array.from({ length: 16 }, (_, k) => Math.floor(k / 4) * 10 + (k % 4));
  // ×2: block (0,0) = mean of (0,0),(0,1),(1,0),(1,1) = (0+1+10+11)/4
  assert.deepEqual([...bilinearDownsample(grid, 1, 4, 4, 2)], [5.5, 7.5, 25.5, 27.5]);
  // ×4: cells 1 and 2 of the block: (11+12+21+22)/4
  assert.deepEqual([...bilinearDownsample(grid, 1, 4, 4, 4)], [16.5]);
  assert.throws(() => bilinearDownsample(grid, 1, 4, 4, 3), /even factor/);
});
