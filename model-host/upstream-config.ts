/**
 * Upstream SEEM's configuration files and the segment-everything thresholds each one sets
 * (7b2e76d, `configs/seem/*.yaml`, MODEL.DECODER.TEST): the converter records the pairing in
 * seem.json (`scores.config` and the thresholds), so a bundle behaves as upstream does with the
 * configuration its checkpoint is run with.
 *
 * Which configuration a checkpoint pairs with: upstream's demo app runs the v0 checkpoints
 * (seem_focalt_v0.pt, seem_focall_v0.pt) with the *_demo.yaml files (`demo/seem/app.py:31,44–53`);
 * the v1 checkpoints come with *_v1.yaml. The *_v0.yaml files (evaluation) can be chosen instead.
 */
export type UpstreamConfigKind = 'demo' | 'v0' | 'v1';

export interface UpstreamConfig {
  /** The yaml under configs/seem/. */
  file: string;
  /** OBJECT_MASK_THRESHOLD: a query takes part if its best class's probability exceeds this. */
  objectThreshold: number;
  /** OVERLAP_THRESHOLD: a query survives if the pixels it wins over its own mask reach this. */
  overlapThreshold: number;
}

// focal{t,l}_unicl_lang_demo.yaml:162–163 → 0.8 / 0.4; focal{t,l}_unicl_lang_v0.yaml and _v1.yaml:161–162 → 0.8 / 0.8.
const THRESHOLDS: Record<UpstreamConfigKind, { objectThreshold: number; overlapThreshold: number }> = {
  demo: { objectThreshold: 0.4, overlapThreshold: 0.8 },
  v0: { objectThreshold: 0.8, overlapThreshold: 0.8 },
  v1: { objectThreshold: 0.8, overlapThreshold: 0.8 },
};

/** The configuration a checkpoint of this layout is run with upstream, unless one is named. */
export const defaultConfigKind = (layout: 'v0' | 'v1'): UpstreamConfigKind => (layout === 'v1' ? 'v1' : 'demo');

export const isConfigKind = (s: string): s is UpstreamConfigKind => s === 'demo' || s === 'v0' || s === 'v1';

/**
 * The configuration for a backbone ("focalt", "focall"; others, such as the test-only "tiny", take the
 * Focal-T file's values) and a kind.
 */
export const upstreamConfig = (backbone: string, kind: UpstreamConfigKind): UpstreamConfig => {
  const family = backbone === 'focall' ? 'focall' : 'focalt';
  return { file: `${family}_unicl_lang_${kind}.yaml`, ...THRESHOLDS[kind] };
};
