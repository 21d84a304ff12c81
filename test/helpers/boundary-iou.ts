/**
 * Boundary IoU (Cheng et al., CVPR 2021): IoU restricted to the pixels within `d`
 * of each mask's own boundary — it measures edges, not the easy interior.
 */
const band = (m: Uint8Array, w: number, h: number, d: number): Uint8Array => {
  // Pixels of the mask within Chebyshev distance d of a pixel outside it (or the image edge).
  const out = new Uint8Array(m.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!m[y * w + x]) continue;
      let edge = false;
      for (let dy = -d; dy <= d && !edge; dy++) {
        for (let dx = -d; dx <= d && !edge; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h || !m[yy * w + xx]) edge = true;
        }
      }
      if (edge) out[y * w + x] = 1;
    }
  }
  return out;
};

export const boundaryIou = (a: Uint8Array, b: Uint8Array, w: number, h: number, d = 3): number => {
  const ba = band(a, w, h, d);
  const bb = band(b, w, h, d);
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    if (ba[i] && bb[i]) inter++;
    if (ba[i] || bb[i]) union++;
  }
  return union === 0 ? 1 : inter / union;
};

export const binarize = (field: Float32Array): Uint8Array => field.map((v) => (v > 0 ? 1 : 0)) as unknown as Uint8Array;
