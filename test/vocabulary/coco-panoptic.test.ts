import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanName, COCO_PANOPTIC, COCO_PANOPTIC_RAW } from '../../model-host/vocabulary/coco-panoptic';

// Upstream's rule (vlpencoder.py:116 at 7b2e76d) applied by hand to every COCO panoptic name:
// only "-other", "-merged" and "-stuff" go; other hyphens stay.
const EXPECTED = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light', 'fire hydrant',
  'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra',
  'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee', 'skis', 'snowboard', 'sports ball', 'kite',
  'baseball bat', 'baseball glove', 'skateboard', 'surfboard', 'tennis racket', 'bottle', 'wine glass', 'cup', 'fork',
  'knife', 'spoon', 'bowl', 'banana', 'apple', 'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut',
  'cake', 'chair', 'couch', 'potted plant', 'bed', 'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard',
  'cell phone', 'microwave', 'oven', 'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors', 'teddy bear',
  'hair drier', 'toothbrush',
  'banner', 'blanket', 'bridge', 'cardboard', 'counter', 'curtain', 'door', 'floor-wood', 'flower', 'fruit', 'gravel',
  'house', 'light', 'mirror', 'net', 'pillow', 'platform', 'playingfield', 'railroad', 'river', 'road', 'roof', 'sand',
  'sea', 'shelf', 'snow', 'stairs', 'tent', 'towel', 'wall-brick', 'wall-stone', 'wall-tile', 'wall-wood', 'water',
  'window-blind', 'window', 'tree', 'fence', 'ceiling', 'sky', 'cabinet', 'table', 'floor', 'pavement', 'mountain',
  'grass', 'dirt', 'paper', 'food', 'building', 'rock', 'wall', 'rug',
];

test('all 133 COCO panoptic names are cleaned as upstream cleans them', () => {
  assert.equal(COCO_PANOPTIC_RAW.length, 133);
  assert.deepEqual(COCO_PANOPTIC_RAW.map(cleanName), EXPECTED);
  assert.deepEqual(COCO_PANOPTIC.map((c) => c.name), EXPECTED);
});

test('the six hyphenated stuff names keep their hyphen', () => {
  for (const name of ['floor-wood', 'wall-brick', 'wall-stone', 'wall-tile', 'wall-wood', 'window-blind']) assert.equal(cleanName(name), name);
});

test('suffixes go in upstream order, every occurrence', () => {
  assert.equal(cleanName('sky-other-merged'), 'sky');
  assert.equal(cleanName('a-stuff-stuff'), 'a');
  // Sequential replacement: removing "-merged" can leave a new "-other", which stays (the "-other" pass is over).
  assert.equal(cleanName('x-oth-mergeder'), 'x-other');
});

test('80 things then 53 stuff classes', () => {
  assert.equal(COCO_PANOPTIC.filter((c) => c.thing).length, 80);
  assert.equal(COCO_PANOPTIC.slice(80).every((c) => !c.thing), true);
});
