/**
 * Builds a Hugging Face `tokenizer.json` for CLIP's byte-level BPE (the tokenizer
 * SEEM's text encoder uses) from a merge list: the real one (48,894 merges from
 * CLIP's `bpe_simple_vocab_16e6.txt`, MIT) for converted bundles, or a tiny one
 * for the demo bundle. Same structure either way, so both go through the same
 * loading code in the engine.
 *
 * Vocabulary order (ids): the 256 byte characters (GPT-2's bytes_to_unicode order),
 * the same 256 with `</w>`, one token per merge, then <|startoftext|>, <|endoftext|>.
 */

export type Merge = readonly [string, string];

/** GPT-2 / CLIP `bytes_to_unicode`: printable bytes map to themselves, the rest to 256+. */
export const bytesToUnicode = (): string[] => {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const out = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) out[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  // bytes_to_unicode orders the printable bytes first, then the remapped ones.
  const order = [...printable, ...Array.from({ length: 256 }, (_, b) => b).filter((b) => !printable.includes(b))];
  return order.map((b) => out[b] as string);
};

export const BOS = '<|startoftext|>';
export const EOS = '<|endoftext|>';

/** CLIP's pre-tokenisation pattern: special tokens, contractions, letters, single digits, other symbols. */
const SPLIT_PATTERN = "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

export const clipVocabulary = (merges: readonly Merge[]): string[] => {
  const base = bytesToUnicode();
  return [...base, ...base.map((c) => `${c}</w>`), ...merges.map(([a, b]) => a + b), BOS, EOS];
};

export const buildClipTokenizerJson = (merges: readonly Merge[]): Record<string, unknown> => {
  const vocabList = clipVocabulary(merges);
  const vocab: Record<string, number> = {};
  vocabList.forEach((t, i) => {
    if (!(t in vocab)) vocab[t] = i;
  });
  const special = (content: string) => ({
    id: vocab[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: true,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(BOS), special(EOS)],
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: SPLIT_PATTERN }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: {
      type: 'RobertaProcessing',
      sep: [EOS, vocab[EOS]],
      cls: [BOS, vocab[BOS]],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: EOS,
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges: merges.map(([a, b]) => `${a} ${b}`),
    },
  };
};

/** CLIP's `bpe_simple_vocab_16e6.txt` text → merges (line 1 is a version header; 48,894 merges follow). */
export const parseClipMerges = (text: string): Merge[] =>
  text
    .split('\n')
    .slice(1, 49152 - 256 - 2 + 1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [a, b] = l.split(' ');
      if (!a || !b) throw new Error(`malformed merge line "${l}"`);
      return [a, b] as const;
    });

/** Runs BPE on one lower-case ASCII word with the given merge ranks. */
export const bpeWord = (word: string, ranks: ReadonlyMap<string, number>): string[] => {
  const symbols = [...word];
  if (symbols.length === 0) return [];
  symbols[symbols.length - 1] += '</w>';
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const r = ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
      if (r !== undefined && r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    if (best < 0) return symbols;
    symbols.splice(best, 2, (symbols[best] as string) + (symbols[best + 1] as string));
  }
};

/** A tiny merge list under which each of `words` (lower-case ASCII) is one token. Deterministic. */
export const mergesForWords = (words: readonly string[]): Merge[] => {
  const merges: Merge[] = [];
  const ranks = new Map<string, number>();
  for (const word of words) {
    for (;;) {
      const pieces = bpeWord(word, ranks);
      if (pieces.length <= 1) break;
      const merge = [pieces[0] as string, pieces[1] as string] as const;
      ranks.set(`${merge[0]} ${merge[1]}`, merges.length);
      merges.push(merge);
    }
  }
  return merges;
};
