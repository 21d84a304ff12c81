import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromHalfBits, packHalf, toHalfBits, unpackHalf } from '../../ui/engine/half-float';
import { rng } from '../helpers/seeded';

describe('float16 packing of cached feature maps', () => {
  it('known bit patterns (IEEE 754 binary16)', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [65504, 0x7bff], // largest finite
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [1 / 3, 0x3555],
      [Infinity, 0x7c00],
      [-Infinity, 0xfc00],
    ];
    for (const [v, bits] of cases) {
      assert.equal(toHalfBits(v), bits, `toHalf(${v})`);
      assert.equal(fromHalfBits(bits), v === 1 / 3 ? 0.333251953125 : v, `fromHalf(${bits.toString(16)})`);
    }
    assert.equal(toHalfBits(1e6), 0x7c00, 'overflow → Infinity');
    assert.equal(toHalfBits(2 ** -26), 0, 'underflow → 0');
    assert.ok(Number.isNaN(fromHalfBits(toHalfBits(Number.NaN))));
  });

  it('rounds to nearest, ties to even', () => {
    // between 1 (0x3c00) and 1 + 2^-10 (0x3c01): exactly half way rounds to the even one
    assert.equal(toHalfBits(1 + 2 ** -11), 0x3c00);
    assert.equal(toHalfBits(1 + 3 * 2 ** -11), 0x3c02);
    assert.equal(toHalfBits(1 + 2 ** -11 + 2 ** -20), 0x3c01);
  });

  it('round trip: relative error ≤ 2^-11 for normal values, every value seeded', () => {
    const rand = rng(3);
    const src = Float32Array.from({ length: 5000 }, () => (rand() - 0.5) * 2 ** (Math.floor(rand() * 20) - 8));
    const back = unpackHalf(packHalf(src));
    src.forEach((v, i) => {
      if (Math.abs(v) >= 2 ** -14) assert.ok(Math.abs((back[i] as number) - v) <= Math.abs(v) * 2 ** -11, `${v} → ${back[i]}`);
      else assert.ok(Math.abs((back[i] as number) - v) <= 2 ** -25);
    });
  });
});
