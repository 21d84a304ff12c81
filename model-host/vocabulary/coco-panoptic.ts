/**
 * SEEM's vocabulary: the 133 COCO panoptic categories (80 things, 53 stuff) in the official
 * order (upstream `utils/constants.py:1`), then "background" (SEEM's no-object column). Each
 * row's name is the text SEEM embeds, cleaned by `cleanName`; the same name labels the results.
 */
const THINGS = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light', 'fire hydrant',
  'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra',
  'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee', 'skis', 'snowboard', 'sports ball', 'kite',
  'baseball bat', 'baseball glove', 'skateboard', 'surfboard', 'tennis racket', 'bottle', 'wine glass', 'cup', 'fork',
  'knife', 'spoon', 'bowl', 'banana', 'apple', 'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut',
  'cake', 'chair', 'couch', 'potted plant', 'bed', 'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard',
  'cell phone', 'microwave', 'oven', 'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors', 'teddy bear',
  'hair drier', 'toothbrush',
];

const STUFF = [
  'banner', 'blanket', 'bridge', 'cardboard', 'counter', 'curtain', 'door-stuff', 'floor-wood', 'flower', 'fruit', 'gravel',
  'house', 'light', 'mirror-stuff', 'net', 'pillow', 'platform', 'playingfield', 'railroad', 'river', 'road', 'roof', 'sand',
  'sea', 'shelf', 'snow', 'stairs', 'tent', 'towel', 'wall-brick', 'wall-stone', 'wall-tile', 'wall-wood', 'water-other',
  'window-blind', 'window-other', 'tree-merged', 'fence-merged', 'ceiling-merged', 'sky-other-merged', 'cabinet-merged',
  'table-merged', 'floor-other-merged', 'pavement-merged', 'mountain-merged', 'grass-merged', 'dirt-merged', 'paper-merged',
  'food-other-merged', 'building-other-merged', 'rock-merged', 'wall-other-merged', 'rug-merged',
];

/**
 * SEEM's cleaning of a category name before it is embedded: the three suffixes removed, in
 * this order, every occurrence (upstream 7b2e76d `modeling/language/vlpencoder.py:116`). Other
 * hyphens stay ("floor-wood", "wall-brick"): the text encoder saw them so.
 */
export const cleanName = (name: string): string => name.replaceAll('-other', '').replaceAll('-merged', '').replaceAll('-stuff', '');

/** The 133 names as COCO (and upstream's `COCO_PANOPTIC_CLASSES`) spell them, before cleaning. */
export const COCO_PANOPTIC_RAW: readonly string[] = [...THINGS, ...STUFF];

export const COCO_PANOPTIC: { name: string; thing: boolean }[] = [
  ...THINGS.map((name) => ({ name: cleanName(name), thing: true })),
  ...STUFF.map((name) => ({ name: cleanName(name), thing: false })),
];
