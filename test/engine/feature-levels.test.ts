/**
 * The number of feature levels comes from seem.json (`dims.featureLevels`), not a literal 3: a bundle with another
 * count passes the contract, one whose graphs disagree with its seem.json is refused naming both counts, and a
 * seem.json from before the field is read as SEEM's 3.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkFeatureLevels, checkGraph, CONTRACT, type ValueMeta } from '../../contracts/bundle-contract';
import { parseManifest, type BundleManifest } from '../../contracts/bundle-manifest';
import { DEMO_DIR } from '../helpers/node-engine';

const demo = (): Record<string, unknown> => JSON.parse(readFileSync(join(DEMO_DIR, 'seem.json'), 'utf8')) as Record<string, unknown>;
const C = 64;

/** A split-decoder SEEM manifest with `levels` feature levels (the demo's, re-dimensioned). */
const manifestWith = (levels: number | undefined): BundleManifest => {
  const raw = demo();
  const dims: Record<string, unknown> = { ...(raw.dims as Record<string, unknown>), hidden: C, memoryTokens: 4, decoderLayers: 3 };
  if (levels === undefined) delete dims.featureLevels;
  else dims.featureLevels = levels;
  const files = [...(raw.files as object[]), { name: 'query_decoder.onnx', bytes: 1, sha256: '0'.repeat(64) }];
  return parseManifest({ ...raw, model: { ...(raw.model as object), layout: 'v1', decoder: 'split' }, dims, files });
};

/** query_decoder's inputs as a converter writes them, with `levels` on the tokens' level axis. */
const queryDecoderInputs = (levels: number): ValueMeta[] =>
  CONTRACT.queryDecoder.inputs.map((s) => ({
    name: s.name,
    isTensor: true,
    type: s.dtype,
    shape: s.name.endsWith('_tokens') && s.name !== 'text_tokens' ? [1, 'M', levels, 'P', C] : s.dims?.map((d) => (typeof d === 'number' ? d : 'x')),
  }));
const decoderOutputs: ValueMeta[] = CONTRACT.queryDecoder.outputs.map((s) => ({ name: s.name, isTensor: true, type: s.dtype }));
const encoderOutputs = (levels: number): ValueMeta[] =>
  ['mask_features', ...Array.from({ length: levels }, (_, l) => `mask_features_${l}`)].map((name) => ({ name, isTensor: true, type: 'float32' }));

describe('feature levels from seem.json', () => {
  it('a seem.json without featureLevels is read as SEEM’s 3; the demo records 0', () => {
    assert.equal(manifestWith(undefined).dims.featureLevels, 3);
    assert.equal(parseManifest(demo()).dims.featureLevels, 0);
  });

  it('a bundle with 2 levels passes when its graphs have 2', () => {
    const m = manifestWith(2);
    const takes = checkGraph(
      CONTRACT.queryDecoder,
      [...queryDecoderInputs(2), { name: 'mask_features_1', isTensor: true }],
      decoderOutputs,
      m,
      encoderOutputs(2),
    );
    assert.deepEqual(takes, ['mask_features_1']);
    assert.doesNotThrow(() => checkFeatureLevels(encoderOutputs(2), m));
  });

  it('graphs with 3 levels under a seem.json that says 2 are refused, naming both', () => {
    const m = manifestWith(2);
    assert.throws(
      () => checkGraph(CONTRACT.queryDecoder, queryDecoderInputs(3), decoderOutputs, m),
      /query_decoder\.onnx: input "spatial_tokens" has shape \[1, M, 3, P, 64\], the contract needs \[1, \*, 2, \*, 64\]/,
    );
    assert.throws(() => checkFeatureLevels(encoderOutputs(3), m), /image_encoder\.onnx: 3 feature levels .*seem\.json says 2/);
  });
});
