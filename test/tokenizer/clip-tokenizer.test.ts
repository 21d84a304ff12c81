/**
 * The CLIP tokenizer we build offline (model-host/tokenizer/) from CLIP's own merge list must
 * give the ids OpenAI's reference tokenizer gives, or every converted bundle's text prompts and
 * vocabulary embeddings are silently wrong. The expected ids are those of `clip.tokenize` in
 * openai/CLIP (BOS 49406 … EOT 49407), not output of this code.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { it } from 'node:test';
import { Tokenizer } from '@huggingface/tokenizers';
import { buildClipTokenizerJson, clipVocabulary, parseClipMerges } from '../../model-host/tokenizer/clip-tokenizer';
import { tokenizeTexts } from '../../ui/engine/text-encoding';

const merges = parseClipMerges(gunzipSync(readFileSync(join(import.meta.dirname, '../fixtures/clip-bpe/bpe_simple_vocab_16e6.txt.gz'))).toString('utf8'));
const tokenizer = new Tokenizer(buildClipTokenizerJson(merges), {});

it('CLIP tokenizer from bpe_simple_vocab_16e6: "a photo of a cat." → the reference ids', () => {
  assert.deepEqual(tokenizer.encode('a photo of a cat.').ids, [49406, 320, 1125, 539, 320, 2368, 269, 49407]);
});

it('CLIP tokenizer: 49,408 tokens, case and runs of spaces normalised as clip.tokenize does', () => {
  assert.equal(clipVocabulary(merges).length, 49408);
  assert.deepEqual(tokenizer.encode('A   Photo of a CAT.').ids, tokenizer.encode('a photo of a cat.').ids);
});

it('tokenizeTexts: BOS … EOT, then the pad id; valid marks exactly the real tokens', () => {
  const pad = 49407;
  const { ids, valid } = tokenizeTexts(tokenizer, ['a photo of a cat.'], 10, pad);
  assert.deepEqual([...ids].map(Number), [49406, 320, 1125, 539, 320, 2368, 269, 49407, pad, pad]);
  assert.deepEqual([...valid], [1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
});
