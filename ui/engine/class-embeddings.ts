/**
 * Class-name embeddings, as SEEM builds its vocabulary: each name in every prompt template, the text
 * encoder's EOT embedding of each prompt L2-normalised, their mean L2-normalised. One routine for the
 * converter (the bundle's vocabulary.bin) and the engine (custom words). Prompts run at their own token
 * lengths, batched by length: the text encoder is causal, so padding to the 77-token context changes no
 * EOT embedding and only costs time (most prompts are under 12 tokens).
 */
import type { Tokenizer } from '@huggingface/tokenizers';
import { l2normalise, padTokens, tokenize } from './text-encoding';

/** Runs the text encoder on ids [batch, length]; resolves to eot_embedding [batch, C]. */
export type EotRunner = (ids: BigInt64Array, batch: number, length: number) => Promise<Float32Array>;

export interface ClassEmbeddingOptions {
  contextLength: number;
  padId: number;
  hidden: number;
  /** A text encoder exported with a fixed token count (before dynamic lengths) runs every batch at it. */
  fixedLength?: number;
  batch?: number;
  onProgress?: (prompts: number, total: number) => void;
}

/** Prompt indices grouped by token length, in batches of at most `batch`: [length, indices][]. */
export const lengthBatches = (lengths: readonly number[], batch: number): [number, number[]][] => {
  const byLength = new Map<number, number[]>();
  lengths.forEach((n, i) => byLength.set(n, [...(byLength.get(n) ?? []), i]));
  const out: [number, number[]][] = [];
  for (const [n, idx] of [...byLength].sort((a, b) => a[0] - b[0])) {
    for (let b = 0; b < idx.length; b += batch) out.push([n, idx.slice(b, b + batch)]);
  }
  return out;
};

export const embedClassNamesAsync = async (
  run: EotRunner,
  tokenizer: Tokenizer,
  names: readonly string[],
  templates: readonly string[],
  o: ClassEmbeddingOptions,
): Promise<Float32Array> => {
  const C = o.hidden;
  const lists = names.flatMap((name) => templates.map((t) => tokenize(tokenizer, t.replace('{}', name), o.contextLength)));
  const sums = new Float32Array(names.length * C);
  let done = 0;
  for (const [n, idx] of lengthBatches(o.fixedLength ? lists.map(() => o.fixedLength as number) : lists.map((l) => l.length), o.batch ?? 64)) {
    const enc = padTokens(
      idx.map((i) => lists[i] as number[]),
      n,
      o.padId,
    );
    const eot = await run(enc.ids, idx.length, n);
    idx.forEach((p, b) => {
      const k = Math.floor(p / templates.length);
      l2normalise(eot.slice(b * C, (b + 1) * C)).forEach((v, c) => (sums[k * C + c] = (sums[k * C + c] as number) + v));
    });
    done += idx.length;
    o.onProgress?.(done, lists.length);
  }
  const out = new Float32Array(names.length * C);
  for (let k = 0; k < names.length; k++) out.set(l2normalise(sums.slice(k * C, (k + 1) * C)), k * C);
  return out;
};
