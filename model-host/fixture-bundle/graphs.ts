/**
 * The four graphs of the demo/test bundle, with hand-set weights. Not SEEM: it
 * follows the exact bundle contract (docs/model-bundle.md) but "understands" only
 * colour, so tests and the playground behave meaningfully on flat-colour scenes.
 *
 * Hidden space (C = 8): [r, g, b, is_colour, 0, 0, 0, background]. Pixels,
 * prompt tokens and colour words all live in it; a mask logit is
 * clip(SHARPNESS · (RADIUS² − ‖colour − prompt colour‖²), ±LIMIT).
 */
import { GraphBuilder } from '../onnx/graph-builder';
import { encodeModel, type Dim } from '../onnx/onnx-model';
import type { Rgb } from './colours';

export const HIDDEN = 8;
export const BACKGROUND_DIM = 7;
/** Squared colour distance at which a pixel stops matching (≈0.28 in 0–1 RGB). */
const RADIUS2 = 0.08;
/** Logit per unit of squared distance. */
const SHARPNESS = 50;
/**
 * Logits saturate symmetrically (a match is +4, a clear mismatch −4), so bilinear
 * upsampling of the low-resolution mask crosses zero halfway between an inside and
 * an outside cell, as a trained model's calibrated edge would.
 */
const LIMIT = 4;
const BIG = 1e4;

export interface FixtureDims {
  maxObjects: number;
  maxPoints: number;
  maxTextTokens: number;
}

/**
 * image [1,3,H,W] (0–255) → mask_features [1,C,H/4,W/4]: the colour (0–1) at the centre
 * of each 4×4 cell, is_colour = 1: the mean of its central 2×2 pixels, which are centred
 * where the mask mapping puts the cell (4i + 2, align_corners = false). A single pixel
 * (4i + 2 is a pixel boundary) sat half a pixel off and, with one sample per cell, drew
 * every mask 1–2 screen px up/left of the shape. Only the central 2×2, not the whole cell,
 * so that few edge cells blend into a third colour (red + green ≈ brown).
 */
export const imageEncoder = (): Uint8Array => {
  const b = new GraphBuilder('demo_colour_image_encoder');
  const w = new Float32Array(HIDDEN * 3 * 16);
  for (let c = 0; c < 3; c++)
    for (const [y, x] of [
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
    ] as const)
      w[((c * 3 + c) * 4 + y) * 4 + x] = 1 / 255 / 4;
  const bias = new Float32Array(HIDDEN);
  bias[3] = 1;
  b.op(
    'Conv',
    ['image', b.floats('w_colour', [HIDDEN, 3, 4, 4], w), b.floats('b_colour', [HIDDEN], bias)],
    { kernel_shape: [4, 4], strides: [4, 4], dilations: [1, 1], pads: [0, 0, 0, 0], group: 1 },
    'mask_features',
  );
  return encodeModel(
    b.build(
      [{ name: 'image', dtype: 'float32', shape: [1, 3, 'H', 'W'] }],
      [{ name: 'mask_features', dtype: 'float32', shape: [1, HIDDEN, 'h', 'w'] }],
      'Demo bundle (not SEEM): per-pixel colour features.',
    ),
  );
};

/**
 * visual_prompt: samples mask_features at the points (nearest feature cell at
 * u·(w−1), SEEM's align_corners convention) and summarises positives/negatives.
 */
export const visualPrompt = (d: FixtureDims): Uint8Array => {
  const b = new GraphBuilder('demo_colour_visual_prompt');
  const { maxObjects: M, maxPoints: P } = d;
  const shape = b.op('Shape', ['mask_features']);
  const hw = b.op('Cast', [b.op('Slice', [shape, b.i64([2]), b.i64([4])])], { to: 1 }); // [h, w] as float
  const hMinus1 = b.op('Sub', [b.op('Gather', [hw, b.i64([0])], { axis: 0 }), b.scalar(1)]);
  const wInt = b.op('Slice', [shape, b.i64([3]), b.i64([4])]);
  const wMinus1 = b.op('Sub', [b.op('Gather', [hw, b.i64([1])], { axis: 0 }), b.scalar(1)]);
  const xs = b.op('Gather', ['point_coords', b.i64([0])], { axis: 3 }); // [1,M,P,1]
  const ys = b.op('Gather', ['point_coords', b.i64([1])], { axis: 3 });
  const clip01 = (v: string): string => b.op('Clip', [v, b.scalar(0), b.scalar(1)]);
  // nearest pixel as floor(v + 0.5): WebGPU has no Round kernel (ties round up instead of to even)
  const nearest = (v: string) => b.op('Cast', [b.op('Floor', [b.op('Add', [v, b.scalar(0.5)])])], { to: 7 });
  const ix = nearest(b.op('Mul', [clip01(xs), wMinus1]));
  const iy = nearest(b.op('Mul', [clip01(ys), hMinus1]));
  const flatIndex = b.op('Reshape', [b.op('Add', [b.op('Mul', [iy, wInt]), ix]), b.i64([-1])]); // [M·P]
  const feats = b.op('Reshape', ['mask_features', b.i64([HIDDEN, -1])]); // [C, h·w]
  const sampled = b.op('Transpose', [b.op('Gather', [feats, flatIndex], { axis: 1 })], { perm: [1, 0] }); // [M·P, C]
  b.op('Reshape', [sampled, b.i64([1, M, P, HIDDEN])], undefined, 'tokens');
  b.op('Cast', [b.op('Equal', ['point_labels', b.scalar(1)])], { to: 1 }, 'pos_valid');
  b.op('Cast', [b.op('Equal', ['point_labels', b.scalar(0)])], { to: 1 }, 'neg_valid');
  const summary = (valid: string, out: string): void => {
    const wts = b.op('Unsqueeze', [valid, b.i64([3])]); // [1,M,P,1]
    const num = b.op('ReduceSum', [b.op('Mul', ['tokens', wts]), b.i64([2])], { keepdims: 0 }); // [1,M,C]
    const den = b.op('Clip', [b.op('ReduceSum', [wts, b.i64([2])], { keepdims: 0 }), b.scalar(1)]); // max(·, 1): [1,M,1]
    b.op('Div', [num, den], undefined, out);
  };
  summary('pos_valid', 'pos_summary');
  summary('neg_valid', 'neg_summary');
  const mp: Dim[] = [1, M, P];
  return encodeModel(
    b.build(
      [
        { name: 'mask_features', dtype: 'float32', shape: [1, HIDDEN, 'h', 'w'] },
        { name: 'point_coords', dtype: 'float32', shape: [1, M, P, 2] },
        { name: 'point_labels', dtype: 'float32', shape: mp },
      ],
      [
        { name: 'tokens', dtype: 'float32', shape: [1, M, P, HIDDEN] },
        { name: 'pos_valid', dtype: 'float32', shape: mp },
        { name: 'neg_valid', dtype: 'float32', shape: mp },
        { name: 'pos_summary', dtype: 'float32', shape: [1, M, HIDDEN] },
        { name: 'neg_summary', dtype: 'float32', shape: [1, M, HIDDEN] },
      ],
      'Demo bundle (not SEEM): colour tokens at the prompt points.',
    ),
  );
};

/**
 * prompt_decoder. Queries: one per vocabulary colour (object queries, query_object −1)
 * whose mask is "pixels of that colour", then one interactive query per object whose mask is
 *   min( max(best positive match, text match, reference match, previous mask), −best negative match ).
 * Captions / mask embeddings: the mean feature under each mask; class logits: scale · cosine with the vocabulary.
 */
export const promptDecoder = (d: FixtureDims, prototypes: readonly Rgb[], logitScale: number): Uint8Array => {
  const b = new GraphBuilder('demo_colour_prompt_decoder');
  const { maxObjects: M, maxPoints: P, maxTextTokens: T } = d;
  const Qp = prototypes.length;
  const Q = Qp + M;
  const shape = b.op('Shape', ['mask_features']);
  const F = b.op('Transpose', [b.op('Reshape', ['mask_features', b.i64([HIDDEN, -1])])], { perm: [1, 0] }); // [HW, C]
  const sq = (x: string): string => b.op('ReduceSum', [b.op('Mul', [x, x]), b.i64([1])], { keepdims: 1 }); // [N,1]
  const sqF = sq(F);
  /** SHARPNESS·(RADIUS² − ‖F − t‖²) for every pixel × token: [HW, N]. */
  const similarity = (tokens: string): string => {
    const cross = b.op('MatMul', [F, b.op('Transpose', [tokens], { perm: [1, 0] })]);
    const d2 = b.op('Sub', [b.op('Add', [sqF, b.op('Transpose', [sq(tokens)], { perm: [1, 0] })]), b.op('Mul', [cross, b.scalar(2)])]);
    return b.op('Clip', [b.op('Mul', [b.op('Sub', [b.scalar(RADIUS2), d2]), b.scalar(SHARPNESS)]), b.scalar(-LIMIT), b.scalar(LIMIT)]);
  };
  /** Best match per object over valid tokens: [HW, M]; −BIG where none is valid. */
  const bestMatch = (group: string, valid: string): string => {
    const sim = b.op('Reshape', [similarity(b.op('Reshape', [`${group}_tokens`, b.i64([-1, HIDDEN])])), b.i64([-1, M, P])]);
    const gate = b.op('Mul', [b.op('Sub', [b.op('Reshape', [`${group}_${valid}`, b.i64([1, M, P])]), b.scalar(1)]), b.scalar(BIG)]);
    return b.op('ReduceMax', [b.op('Add', [sim, gate])], { axes: [2], keepdims: 0 });
  };
  const hasText = b.op('ReduceMax', ['text_valid'], { keepdims: 0 }); // scalar
  const textMatch = b.op('Add', [similarity('text_eot'), b.op('Mul', [b.op('Sub', [hasText, b.scalar(1)]), b.scalar(BIG)])]); // [HW,1]
  const prev = b.op('Transpose', [b.op('Reshape', ['prev_mask', b.i64([M, -1])])], { perm: [1, 0] }); // [HW, M]
  const prevMatch = b.op('Add', [prev, b.op('Mul', [b.op('Sub', ['has_prev', b.scalar(1)]), b.scalar(BIG)])]);
  // Max / Min as ReduceMax over a stack: onnxruntime's WebGPU provider has no Max or Min kernel (a CPU round trip per run)
  const maxOf = (xs: string[]): string => {
    const shape = b.op('Shape', [xs[0] as string]);
    const stacked = b.op(
      'Concat',
      xs.map((x) => b.op('Unsqueeze', [b.op('Expand', [x, shape]), b.i64([0])])),
      { axis: 0 },
    );
    return b.op('ReduceMax', [stacked], { axes: [0], keepdims: 0 });
  };
  const positive = maxOf([bestMatch('spatial', 'pos_valid'), bestMatch('reference', 'pos_valid'), textMatch, prevMatch]);
  const negative = maxOf([bestMatch('spatial', 'neg_valid'), bestMatch('reference', 'neg_valid')]);
  const interactive = b.op('Neg', [maxOf([b.op('Neg', [positive]), negative])]); // min(positive, −negative): [HW, M]
  const protoFeats = prototypes.map(([r, g, bl]) => [r, g, bl, 1, 0, 0, 0, 0]).flat();
  const objectMasks = similarity(b.floats('prototypes', [Qp, HIDDEN], protoFeats)); // [HW, Qp]
  const masks = b.op('Transpose', [b.op('Concat', [objectMasks, interactive], { axis: 1 })], { perm: [1, 0] }); // [Q, HW]
  const outShape = b.op('Concat', [b.i64([1, Q]), b.op('Slice', [shape, b.i64([2]), b.i64([4])])], { axis: 0 });
  b.op('Reshape', [masks, outShape], undefined, 'pred_masks');
  const weights = b.op('Sigmoid', [masks]);
  const mean = b.op('Div', [b.op('MatMul', [weights, F]), b.op('Add', [b.op('ReduceSum', [weights, b.i64([1])], { keepdims: 1 }), b.scalar(1e-6)])]); // [Q, C]
  b.op('Unsqueeze', [mean, b.i64([0])], undefined, 'pred_captions');
  // the same values again, by the op that made them (an Identity of an output is left on the CPU by WebGPU)
  b.op('Unsqueeze', [mean, b.i64([0])], undefined, 'pred_maskembs');
  const norm = b.op('Div', [mean, b.op('Add', [b.op('Sqrt', [sq(mean)]), b.scalar(1e-6)])]);
  const cls = b.op('Mul', [b.op('MatMul', [norm, b.op('Transpose', ['vocab_embeddings'], { perm: [1, 0] })]), b.scalar(logitScale)]);
  b.op('Unsqueeze', [cls, b.i64([0])], undefined, 'pred_class');
  b.op(
    'Identity',
    [b.floats('query_object_const', [1, Q], [...new Array<number>(Qp).fill(-1), ...Array.from({ length: M }, (_, m) => m)])],
    undefined,
    'query_object',
  );
  const mp: Dim[] = [1, M, P];
  const group = (g: string) => [
    { name: `${g}_tokens`, dtype: 'float32' as const, shape: [1, M, P, HIDDEN] },
    { name: `${g}_pos_valid`, dtype: 'float32' as const, shape: mp },
    { name: `${g}_neg_valid`, dtype: 'float32' as const, shape: mp },
    { name: `${g}_pos_summary`, dtype: 'float32' as const, shape: [1, M, HIDDEN] },
    { name: `${g}_neg_summary`, dtype: 'float32' as const, shape: [1, M, HIDDEN] },
  ];
  return encodeModel(
    b.build(
      [
        { name: 'mask_features', dtype: 'float32', shape: [1, HIDDEN, 'h', 'w'] },
        ...group('spatial'),
        ...group('reference'),
        { name: 'text_tokens', dtype: 'float32', shape: [1, T, HIDDEN] },
        { name: 'text_valid', dtype: 'float32', shape: [1, T] },
        { name: 'text_eot', dtype: 'float32', shape: [1, HIDDEN] },
        { name: 'prev_mask', dtype: 'float32', shape: [1, M, 'h', 'w'] },
        { name: 'has_prev', dtype: 'float32', shape: [1] },
        { name: 'vocab_embeddings', dtype: 'float32', shape: ['K', HIDDEN] },
      ],
      [
        { name: 'pred_masks', dtype: 'float32', shape: [1, Q, 'h', 'w'] },
        { name: 'pred_class', dtype: 'float32', shape: [1, Q, 'K'] },
        { name: 'pred_captions', dtype: 'float32', shape: [1, Q, HIDDEN] },
        { name: 'pred_maskembs', dtype: 'float32', shape: [1, Q, HIDDEN] },
        { name: 'query_object', dtype: 'float32', shape: [1, Q] },
      ],
      'Demo bundle (not SEEM): colour-similarity decoder.',
    ),
  );
};

/**
 * text_encoder: token embeddings from a table (colour words → their colour, every
 * other token → 0); the EOT embedding is the mean colour of the colour words.
 */
export const textEncoder = (table: Float32Array, vocabSize: number, d: FixtureDims): Uint8Array => {
  const b = new GraphBuilder('demo_colour_text_encoder');
  const tokens = b.op('Gather', [b.floats('token_table', [vocabSize, HIDDEN], table), 'input_ids'], { axis: 0 }, 'token_embeddings');
  const sum = b.op('ReduceSum', [tokens, b.i64([1])], { keepdims: 0 }); // [B, C]
  const count = b.op('Clip', [b.op('Slice', [sum, b.i64([3]), b.i64([4]), b.i64([1])]), b.scalar(1)]); // max(·, 1): [B, 1]
  b.op('Div', [sum, count], undefined, 'eot_embedding');
  return encodeModel(
    b.build(
      [{ name: 'input_ids', dtype: 'int64', shape: ['B', d.maxTextTokens] }],
      [
        { name: 'token_embeddings', dtype: 'float32', shape: ['B', d.maxTextTokens, HIDDEN] },
        { name: 'eot_embedding', dtype: 'float32', shape: ['B', HIDDEN] },
      ],
      'Demo bundle (not SEEM): colour-word embeddings.',
    ),
  );
};
