import type { Ring } from './types';

/** Shoelace signed area. With y pointing down, a positive area is clockwise on screen. */
export const signedArea = (ring: Ring): number => {
  let sum = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x0, y0] = ring[i] as [number, number];
    const [x1, y1] = ring[(i + 1) % n] as [number, number];
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
};

export const orient = (ring: Ring, clockwise: boolean): Ring => (signedArea(ring) > 0 === clockwise ? ring : [...ring].reverse());
