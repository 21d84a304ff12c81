/**
 * Text → text_encoder feeds and its outputs. CLIP tokenisation (the bundle's
 * tokenizer.json through @huggingface/tokenizers, the tokenizer engine of
 * transformers.js), truncated to the context length with EOT kept last, padded
 * with the bundle's pad id to `length` columns (default: the context length).
 *   input_ids int64 [B, T];  text_valid float32 [1, T] (1 for BOS … EOT)
 * The text encoder is causal: tokens after EOT never change the states up to EOT, so a text can run at
 * its own length (T = its token count) with the same outputs as padded to the context length.
 */
import type { Tokenizer } from '@huggingface/tokenizers';

export interface EncodedTexts {
  ids: BigInt64Array;
  valid: Float32Array;
  count: number;
}

/** A text's token ids (BOS … EOT), truncated to the context length with EOT kept last. */
export const tokenize = (tokenizer: Tokenizer, text: string, contextLength: number): number[] => {
  const t = tokenizer.encode(text).ids;
  return t.length > contextLength ? [...t.slice(0, contextLength - 1), t[t.length - 1] as number] : t;
};

/** Token lists → input_ids [B, length] padded with padId, and their validity. */
export const padTokens = (lists: readonly (readonly number[])[], length: number, padId: number): EncodedTexts => {
  const ids = new BigInt64Array(lists.length * length).fill(BigInt(padId));
  const valid = new Float32Array(lists.length * length);
  lists.forEach((t, b) =>
    t.slice(0, length).forEach((id, i) => {
      ids[b * length + i] = BigInt(id);
      valid[b * length + i] = 1;
    }),
  );
  return { ids, valid, count: lists.length };
};

export const tokenizeTexts = (tokenizer: Tokenizer, texts: readonly string[], contextLength: number, padId: number, length = contextLength): EncodedTexts =>
  padTokens(
    texts.map((text) => tokenize(tokenizer, text, contextLength)),
    length,
    padId,
  );

export const l2normalise = (v: Float32Array): Float32Array => {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return v.map((x) => x / n);
};
