/**
 * Text → text_encoder feeds and its outputs. CLIP tokenisation (the bundle's
 * tokenizer.json through @huggingface/tokenizers, the tokenizer engine of
 * transformers.js), truncated to the context length with EOT kept last, padded
 * with the bundle's pad id.
 *   input_ids int64 [B, T];  text_valid float32 [1, T] (1 for BOS … EOT)
 */
import type { Tokenizer } from '@huggingface/tokenizers';

export interface EncodedTexts {
  ids: BigInt64Array;
  valid: Float32Array;
  count: number;
}

export const tokenizeTexts = (tokenizer: Tokenizer, texts: readonly string[], contextLength: number, padId: number): EncodedTexts => {
  const ids = new BigInt64Array(texts.length * contextLength).fill(BigInt(padId));
  const valid = new Float32Array(texts.length * contextLength);
  texts.forEach((text, b) => {
    let t = tokenizer.encode(text).ids;
    if (t.length > contextLength) t = [...t.slice(0, contextLength - 1), t[t.length - 1] as number];
    t.forEach((id, i) => {
      ids[b * contextLength + i] = BigInt(id);
      valid[b * contextLength + i] = 1;
    });
  });
  return { ids, valid, count: texts.length };
};

export const l2normalise = (v: Float32Array): Float32Array => {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return v.map((x) => x / n);
};
