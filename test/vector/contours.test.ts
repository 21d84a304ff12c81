/** Literal grids → exact rings (marching squares at pixel centres, linear interpolation, y down). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedArea, traceContours, type Point, type Ring } from '../../ui/vector/index';

/** '#' inside, '.' outside; one string per row. */
const grid = (rows: string[]) => {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const data = new Uint8Array(width * height);
  rows.forEach((row, y) => [...row].forEach((ch, x) => (data[y * width + x] = ch === '#' ? 255 : 0)));
  return { width, height, data };
};

const trace = (rows: string[]) => {
  const g = grid(rows);
  return traceContours(g.data, g.width, g.height, { level: 127.5 });
};

/** Rotates a ring to start at its smallest point (x, then y), so rings compare regardless of start. */
const canonical = (ring: Ring): Point[] => {
  let k = 0;
  ring.forEach((p, i) => {
    const q = ring[k] as Point;
    if (p[0] < q[0] || (p[0] === q[0] && p[1] < q[1])) k = i;
  });
  return [...ring.slice(k), ...ring.slice(0, k)];
};

describe('contours on literal grids', () => {
  it('a square: one clockwise ring, edges halfway between pixel centres', () => {
    const [p, ...rest] = trace(['....', '.##.', '.##.', '....']);
    assert.equal(rest.length, 0);
    assert.deepEqual(canonical(p!.outer), [
      [1, 1.5],
      [1.5, 1],
      [2.5, 1],
      [3, 1.5],
      [3, 2.5],
      [2.5, 3],
      [1.5, 3],
      [1, 2.5],
    ]);
    assert.equal(p!.holes.length, 0);
    assert.ok(signedArea(p!.outer) > 0, 'outer rings are clockwise on screen');
  });

  it('a donut: the hole winds the other way and belongs to its ring', () => {
    const [p, ...rest] = trace(['.....', '.###.', '.#.#.', '.###.', '.....']);
    assert.equal(rest.length, 0);
    assert.equal(p!.holes.length, 1);
    assert.deepEqual(canonical(p!.holes[0]!), [
      [2, 2.5],
      [2.5, 3],
      [3, 2.5],
      [2.5, 2],
    ]);
    assert.ok(signedArea(p!.holes[0]!) < 0);
  });

  it('a saddle / diagonal touch: the two pixels stay separate', () => {
    const polys = trace(['....', '.#..', '..#.', '....']);
    assert.equal(polys.length, 2);
    const rings = polys.map((p) => canonical(p.outer)).sort((a, b) => a[0]![0] - b[0]![0]);
    assert.deepEqual(rings, [
      [
        [1, 1.5],
        [1.5, 1],
        [2, 1.5],
        [1.5, 2],
      ],
      [
        [2, 2.5],
        [2.5, 2],
        [3, 2.5],
        [2.5, 3],
      ],
    ]);
  });

  it('the opposite saddle separates the same way (consistent)', () => {
    const polys = trace(['....', '..#.', '.#..', '....']);
    assert.equal(polys.length, 2);
  });

  it('a 1-px line', () => {
    const [p] = trace(['.....', '.###.', '.....']);
    assert.deepEqual(canonical(p!.outer), [
      [1, 1.5],
      [1.5, 1],
      [2.5, 1],
      [3.5, 1],
      [4, 1.5],
      [3.5, 2],
      [2.5, 2],
      [1.5, 2],
    ]);
  });

  it('an island inside a hole is a polygon of its own', () => {
    const polys = trace(['.......', '.#####.', '.#...#.', '.#.#.#.', '.#...#.', '.#####.', '.......']);
    assert.equal(polys.length, 2);
    const big = polys.find((p) => p.holes.length === 1);
    const island = polys.find((p) => p.holes.length === 0);
    assert.ok(big && island);
    assert.deepEqual(canonical(island.outer), [
      [3, 3.5],
      [3.5, 3],
      [4, 3.5],
      [3.5, 4],
    ]);
    assert.ok(signedArea(island.outer) > 0);
  });

  it('a full mask is exactly its rectangle (edges on the image border, square corners)', () => {
    const [p] = trace(['###', '###']);
    const xs = p!.outer.map((q) => q[0]);
    const ys = p!.outer.map((q) => q[1]);
    assert.deepEqual([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], [0, 0, 3, 2]);
    for (const corner of [
      [0, 0],
      [3, 0],
      [3, 2],
      [0, 2],
    ])
      assert.ok(
        p!.outer.some((q) => q[0] === corner[0] && q[1] === corner[1]),
        `corner ${corner.join(', ')}`,
      );
    assert.equal(signedArea(p!.outer), 6);
  });

  it('drops rings below minArea', () => {
    const g = grid(['......', '.#..##', '....##']);
    assert.equal(traceContours(g.data, g.width, g.height, { level: 127.5, minArea: 1 }).length, 1);
    assert.equal(traceContours(g.data, g.width, g.height, { level: 127.5, minArea: 0 }).length, 2);
  });
});
