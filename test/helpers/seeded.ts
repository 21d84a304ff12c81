/** Deterministic pseudo-random numbers (mulberry32) and seeded synthetic masks for tests and benches. */
export const rng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  cos: number;
  sin: number;
}

const randomEllipse = (r: () => number, w: number, h: number, scale: number): Ellipse => {
  const a = r() * Math.PI;
  return {
    // Centres in the middle 60%: objects, not slivers cut by the image border.
    cx: (0.2 + 0.6 * r()) * w,
    cy: (0.2 + 0.6 * r()) * h,
    rx: (0.3 + r()) * scale,
    ry: (0.3 + r()) * scale,
    cos: Math.cos(a),
    sin: Math.sin(a),
  };
};

const inside = (e: Ellipse, x: number, y: number): boolean => {
  const dx = x - e.cx;
  const dy = y - e.cy;
  const u = (dx * e.cos + dy * e.sin) / e.rx;
  const v = (-dx * e.sin + dy * e.cos) / e.ry;
  return u * u + v * v <= 1;
};

/**
 * Blobs with holes and islands: a union of random ellipses, minus smaller
 * ellipses (holes), plus small ellipses inside some holes (islands). 0/255 coverage.
 */
export const seededBlobs = (seed: number, width: number, height: number, count = 4) => {
  const r = rng(seed);
  const s = Math.min(width, height);
  const blobs = Array.from({ length: count }, () => randomEllipse(r, width, height, s * 0.25));
  const holes = blobs.map((b) => ({ ...b, rx: b.rx * (0.2 + 0.25 * r()), ry: b.ry * (0.2 + 0.25 * r()) }));
  const islands = holes.filter(() => r() < 0.5).map((h) => ({ ...h, rx: h.rx * 0.4, ry: h.ry * 0.4 }));
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      let v = blobs.some((b) => inside(b, px, py));
      if (v && holes.some((h) => inside(h, px, py))) v = false;
      if (!v && islands.some((i) => inside(i, px, py))) v = true;
      data[y * width + x] = v ? 255 : 0;
    }
  }
  return { width, height, data };
};
