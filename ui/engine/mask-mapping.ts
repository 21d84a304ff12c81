/**
 * Where a mask grid lies on the image, and how it is brought to a given size, as upstream SEEM
 * does it (7b2e76d `demo/seem/tasks/interactive.py:175`, `seem_model_demo.py:365` and detectron2's
 * `sem_seg_postprocess`): bilinear upsampling (align_corners = false) of the stride-4 logit grid
 * to the PADDED input size, then a crop to the resized image. Only then is the result resized to
 * the size wanted (the original photo: a step the demo does not have, it shows the 512-px image).
 *
 * Cropping the valid feature cells first and stretching them over the image (our old mapping)
 * differs whenever the resized side is not a multiple of the stride: ⌈w/4⌉ cells span up to 3
 * more pixels than the image, so edges drifted by up to ~1.5 px.
 */
import { resizeBilinear } from '../vector/resize';

/**
 * Cell (i, j) of the grid covers pixels [i·cell, (i+1)·cell) of the padded model input, whose
 * top-left validWidth × validHeight is the resized image.
 */
export interface MaskFrame {
  cell: number;
  validWidth: number;
  validHeight: number;
}

/** Mask logits (> 0 inside). Without a frame the grid spans the image exactly. */
export interface MaskLogits {
  width: number;
  height: number;
  data: Float32Array;
  frame?: MaskFrame;
}

/**
 * Grid cells that the upsampling of the valid region reads: the last valid pixel x = valid − 1
 * samples grid coordinate (x + 0.5)/cell − 0.5, whose right neighbour is at most cell ⌈valid/cell⌉.
 * So ⌈valid/cell⌉ + 1 cells (or the whole grid, if smaller) reproduce the padded upsampling exactly.
 */
export const cellsRead = (valid: number, cell: number, gridSize: number): number => Math.min(gridSize, Math.ceil(valid / cell) + 1);

/**
 * Query q's mask out of the decoder's [Q, gridHeight, gridWidth] output: the cells the mapping
 * reads, with their frame. (`validWidth` × `validHeight`: the resized image in input pixels.)
 */
export const gridMask = (masks: Float32Array, q: number, grid: { width: number; height: number }, frame: MaskFrame): MaskLogits => {
  const width = cellsRead(frame.validWidth, frame.cell, grid.width);
  const height = cellsRead(frame.validHeight, frame.cell, grid.height);
  const data = new Float32Array(width * height);
  const base = q * grid.width * grid.height;
  for (let y = 0; y < height; y++) data.set(masks.subarray(base + y * grid.width, base + y * grid.width + width), y * width);
  return { width, height, data, frame };
};

/**
 * Bilinear upsampling of a grid by `cell` (align_corners = false, PyTorch's source index rule:
 * src = (dst + 0.5)/cell − 0.5, clamped at 0 and at the last cell), computing only the top-left
 * outWidth × outHeight pixels: equal to upsampling the whole grid, then cropping.
 */
export const upsampleCrop = (grid: Float32Array, gw: number, gh: number, cell: number, outWidth: number, outHeight: number): Float32Array => {
  const out = new Float32Array(outWidth * outHeight);
  const index = (dst: number, size: number): [number, number, number] => {
    const src = Math.max(0, (dst + 0.5) / cell - 0.5);
    const i0 = Math.min(Math.floor(src), size - 1);
    const i1 = Math.min(i0 + 1, size - 1);
    return [i0, i1, src - i0];
  };
  const xs = Array.from({ length: outWidth }, (_, x) => index(x, gw));
  for (let y = 0; y < outHeight; y++) {
    const [y0, y1, wy] = index(y, gh);
    for (let x = 0; x < outWidth; x++) {
      const [x0, x1, wx] = xs[x] as [number, number, number];
      const top = (grid[y0 * gw + x0] as number) * (1 - wx) + (grid[y0 * gw + x1] as number) * wx;
      const bottom = (grid[y1 * gw + x0] as number) * (1 - wx) + (grid[y1 * gw + x1] as number) * wx;
      out[y * outWidth + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return out;
};

/** The logits over the resized image (upstream: padded upsampling, then the crop). */
export const logitsAtInput = (m: MaskLogits): { width: number; height: number; data: Float32Array } => {
  if (!m.frame) return m;
  const { cell, validWidth, validHeight } = m.frame;
  if (cell === 1 && m.width === validWidth && m.height === validHeight) return m;
  return { width: validWidth, height: validHeight, data: upsampleCrop(m.data, m.width, m.height, cell, validWidth, validHeight) };
};

/** The logits at width × height (the photo, or a working size): upstream's mapping, then a bilinear resize. */
export const maskToSize = (m: MaskLogits, width: number, height: number): Float32Array => {
  const input = logitsAtInput(m);
  if (input.width === width && input.height === height) return input.data;
  return resizeBilinear(input.data, input.width, input.height, width, height);
};

/**
 * How far the grid reaches, as a multiple of the image's width and height (≥ 1 when the grid
 * holds cells past the image): for drawing the grid scaled over the image without resampling it.
 */
export const gridExtent = (m: MaskLogits): { x: number; y: number } =>
  m.frame ? { x: (m.width * m.frame.cell) / m.frame.validWidth, y: (m.height * m.frame.cell) / m.frame.validHeight } : { x: 1, y: 1 };

const sameFrame = (a: MaskFrame | undefined, b: MaskFrame | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.cell === b.cell && a.validWidth === b.validWidth && a.validHeight === b.validHeight);

/**
 * The union (per-pixel max of logits) of masks of one image. Masks on one grid are merged cell by
 * cell; masks on different grids (a prompted mask and a full-resolution segment) are first brought
 * to the resized image, which they share. Null when they do not describe the same image.
 */
export const unionMasks = (masks: readonly MaskLogits[]): MaskLogits | null => {
  const [first] = masks;
  if (!first) return null;
  const max = (parts: readonly { data: Float32Array }[]): Float32Array => {
    const data = (parts[0] as { data: Float32Array }).data.slice();
    for (const p of parts.slice(1)) for (let i = 0; i < data.length; i++) data[i] = Math.max(data[i] as number, p.data[i] as number);
    return data;
  };
  if (masks.every((m) => m.width === first.width && m.height === first.height && sameFrame(m.frame, first.frame))) return { ...first, data: max(masks) };
  const frame = first.frame;
  if (!frame || masks.some((m) => !m.frame || m.frame.validWidth !== frame.validWidth || m.frame.validHeight !== frame.validHeight)) return null;
  return {
    width: frame.validWidth,
    height: frame.validHeight,
    data: max(masks.map(logitsAtInput)),
    frame: { cell: 1, validWidth: frame.validWidth, validHeight: frame.validHeight },
  };
};
