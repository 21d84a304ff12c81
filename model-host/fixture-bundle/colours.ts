/**
 * The demo bundle's world: colours. Its "text encoder" knows these words (RGB,
 * 0–1); the first group is the bundle's default vocabulary and its decoder's
 * object queries, the rest are only known to the text encoder (for custom
 * vocabularies and text prompts).
 */
export type Rgb = readonly [number, number, number];

export const VOCABULARY_COLOURS: Record<string, Rgb> = {
  red: [0.86, 0.16, 0.16],
  orange: [0.95, 0.55, 0.1],
  yellow: [0.95, 0.88, 0.2],
  green: [0.24, 0.67, 0.31],
  cyan: [0.2, 0.8, 0.85],
  blue: [0.16, 0.27, 0.86],
  purple: [0.5, 0.2, 0.65],
  magenta: [0.85, 0.2, 0.75],
  pink: [0.97, 0.6, 0.7],
  brown: [0.5, 0.3, 0.15],
  white: [0.97, 0.97, 0.97],
  grey: [0.5, 0.5, 0.5],
  black: [0.05, 0.05, 0.05],
};

export const EXTRA_COLOURS: Record<string, Rgb> = {
  crimson: [0.86, 0.08, 0.24],
  scarlet: [0.9, 0.14, 0.1],
  maroon: [0.5, 0.05, 0.1],
  navy: [0.05, 0.1, 0.45],
  cobalt: [0.1, 0.3, 0.8],
  azure: [0.2, 0.5, 0.95],
  teal: [0.1, 0.5, 0.5],
  emerald: [0.2, 0.7, 0.35],
  lime: [0.6, 0.9, 0.2],
  olive: [0.5, 0.5, 0.1],
  gold: [0.9, 0.7, 0.15],
  beige: [0.9, 0.85, 0.7],
  violet: [0.55, 0.3, 0.85],
  silver: [0.75, 0.75, 0.78],
  gray: [0.5, 0.5, 0.5],
  turquoise: [0.25, 0.85, 0.8],
};

export const ALL_COLOURS: Record<string, Rgb> = { ...VOCABULARY_COLOURS, ...EXTRA_COLOURS };

/** Words the tokenizer learns whole besides colour names (templates, common prompt words). */
export const COMMON_WORDS = ['a', 'an', 'the', 'photo', 'of', 'picture', 'thing', 'object', 'region', 'area', 'and', 'with', 'in', 'on', 'background'];
