import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignOverlayColours, colourDistance, DISTINCT, meanUnderMask, pickContrastColour, type Rgb } from '../../ui/render/overlay-colour';
import { PALETTE } from '../../ui/state/session';

const BLUE: Rgb = [24, 160, 251];
const ORANGE: Rgb = [255, 114, 0];
const GREEN: Rgb = [20, 174, 92];
const palette = [BLUE, ORANGE, GREEN];

/** A 4×2 RGBA image: the left half sky blue, the right half grass green. */
const image = {
  width: 4,
  height: 2,
  data: new Uint8ClampedArray([
    ...[30, 150, 240, 255, 30, 150, 240, 255, 20, 170, 90, 255, 20, 170, 90, 255],
    ...[30, 150, 240, 255, 30, 150, 240, 255, 20, 170, 90, 255, 20, 170, 90, 255],
  ]),
};
/** A 2×1 logit mask on the same image: inside on the left cell only. */
const leftHalf = { width: 2, height: 1, data: new Float32Array([3, -3]) };

describe('overlay colours', () => {
  it('the mean colour under a mask, from the pixels its inside cells cover', () => {
    assert.deepEqual(meanUnderMask(image, leftHalf), [30, 150, 240]);
    assert.deepEqual(meanUnderMask(image, { width: 2, height: 1, data: new Float32Array([-1, 1]) }), [20, 170, 90]);
    assert.equal(meanUnderMask(image, { width: 2, height: 1, data: new Float32Array([-1, -1]) }), null);
  });

  it('on a blue region the overlay is not blue; on an orange one not orange', () => {
    assert.notDeepEqual(pickContrastColour([30, 150, 240], [], palette), BLUE);
    assert.notDeepEqual(pickContrastColour([250, 120, 10], [], palette), ORANGE);
    // Farthest of the three from sky blue, perceptually: orange.
    assert.deepEqual(pickContrastColour([30, 150, 240], [], palette), ORANGE);
  });

  it('a colour a neighbour took is passed over, unless every colour is taken', () => {
    assert.deepEqual(pickContrastColour([30, 150, 240], [ORANGE], palette), GREEN);
    assert.deepEqual(pickContrastColour([30, 150, 240], [ORANGE, GREEN, BLUE], palette), ORANGE);
  });

  it('objects in order: each contrasts with what it covers and differs from the ones before; no mask keeps its own colour', () => {
    const colours = assignOverlayColours(
      [
        { id: 1, under: [30, 150, 240], own: BLUE },
        { id: 2, under: [30, 150, 240], own: BLUE },
        { id: 3, under: null, own: GREEN },
      ],
      palette,
    );
    assert.deepEqual(
      [...colours],
      [
        [1, ORANGE],
        [2, GREEN],
        [3, GREEN],
      ],
    );
  });

  it('with the session palette, five objects on one grey get five colours that read as different', () => {
    const objects = [1, 2, 3, 4, 5].map((id) => ({ id, under: [128, 128, 128] as Rgb, own: BLUE }));
    const colours = [...assignOverlayColours(objects, PALETTE).values()];
    for (const [i, a] of colours.entries())
      for (const b of colours.slice(i + 1)) assert.ok(colourDistance(a, b) >= DISTINCT, `${a.join(',')} ~ ${b.join(',')}`);
  });
});
