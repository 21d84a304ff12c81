/**
 * The refinement scenario: the horse silhouette composited over a textured photo
 * (coffee.png), and the horse mask downsampled 16× to logits, as SEEM's coarse
 * output would be.
 */
import type { RgbaImage } from '../../ui/image/rgba-image';
import { fixture, horseMask } from './image-files';

export const horseScene = (factor = 16) => {
  const mask = horseMask();
  const { width: W, height: H } = mask;
  const photo = fixture('coffee.png');
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = 4 * (y * W + x);
      const src = 4 * ((y % photo.height) * photo.width + (x % photo.width));
      const horse = mask.data[y * W + x] !== 0;
      for (let c = 0; c < 3; c++) data[o + c] = horse ? 25 + ((x * 7 + y * 3) % 20) : (photo.data[src + c] as number);
      data[o + 3] = 255;
    }
  }
  const image: RgbaImage = { width: W, height: H, data };
  const cw = Math.ceil(W / factor);
  const ch = Math.ceil(H / factor);
  const logits = new Float32Array(cw * ch);
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let n = 0;
      let inside = 0;
      for (let y = cy * factor; y < Math.min(H, (cy + 1) * factor); y++) {
        for (let x = cx * factor; x < Math.min(W, (cx + 1) * factor); x++) {
          n++;
          if (mask.data[y * W + x]) inside++;
        }
      }
      const c = Math.min(0.999, Math.max(0.001, inside / n));
      logits[cy * cw + cx] = Math.log(c / (1 - c));
    }
  }
  const truth = mask.data.map((v) => (v ? 1 : 0));
  return { image, coarse: { width: cw, height: ch, data: logits }, truth };
};
