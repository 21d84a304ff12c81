/**
 * The per-image cache of encoder outputs, bounded by bytes (least recently used out). The image
 * being prompted keeps float32 outputs, ready to feed; with `packInactive` every other image keeps
 * float16 copies (half the bytes) and is expanded again when it is prompted. Outputs that are a
 * bilinear downsampling of another (`derived`: SEEM's mask_features_l) are not kept for a packed
 * image at all: they are computed again from their source when it is expanded — after the first
 * image showed that the computation reproduces the encoder's own values. A reference image's tensors
 * are expanded on the fly.
 */
import { EngineError } from './engine-error';
import { bilinearDownsample } from './downsample';
import { packHalf, unpackHalf } from './half-float';
import { ByteBoundedCache } from './encoder-cache';
import type { Feeds, Outputs, Tensor } from './ort-types';
import type { ImageGeometryMeta } from './preprocess';

export interface EncodedImage {
  meta: ImageGeometryMeta;
  featureWidth: number;
  featureHeight: number;
}

interface Entry<E extends EncodedImage> {
  image: E;
  /** float32 outputs: the image being prompted, or every image without packing. */
  outputs: Outputs | null;
  packed: Map<string, { bits: Uint16Array; dims: readonly number[] }> | null;
  /** Bytes the engine attached to the image (e.g. its decoded object queries). */
  extraBytes: number;
  /** Derived outputs dropped by packing, with their shapes. */
  derivedDims?: Map<string, number[]>;
}

const floatBytes = (outputs: Outputs): number => Object.values(outputs).reduce((s, t) => s + (t.data as Float32Array).byteLength, 0);

/** Output `name` is `from` [1, C, h, w] downsampled bilinearly by `factor` (downsample.ts). */
export interface DerivedOutput {
  name: string;
  from: string;
}

/** The factor by which `to` downsamples `from`, if the shapes allow an exact one. */
const factorOf = (from: readonly number[], to: readonly number[]): number | null => {
  const [, c, h, w] = from as [number, number, number, number];
  const [, c2, h2, w2] = to as [number, number, number, number];
  if (from.length !== 4 || to.length !== 4 || c !== c2 || !h2 || !w2 || h % h2 !== 0 || h / h2 !== w / w2) return null;
  const f = h / h2;
  return f >= 2 && f % 2 === 0 && w % f === 0 ? f : null;
};

export class EncodedImages<E extends EncodedImage> {
  private readonly cache: ByteBoundedCache<Entry<E>>;
  private active: string | null = null;

  /** null until the first image is stored: then whether deriving reproduces the encoder's values. */
  private deriving: boolean | null = null;

  constructor(
    maxBytes: number,
    private readonly packInactive: boolean,
    private readonly tensor: (data: Float32Array, dims: readonly number[]) => Tensor,
    private readonly derived: readonly DerivedOutput[] = [],
  ) {
    this.cache = new ByteBoundedCache(maxBytes);
  }

  private derive(source: Tensor, like: readonly number[]): Tensor | null {
    const f = factorOf(source.dims, like);
    if (f === null) return null;
    const [, c, h, w] = source.dims as [number, number, number, number];
    return this.tensor(bilinearDownsample(source.data as Float32Array, c, h, w, f), like);
  }

  /** Derivation is trusted only if, on the first image, it matches every derived output (max |Δ| ≤ 1e-4 · max |x|). */
  private checkDerivation(outputs: Outputs): boolean {
    if (this.deriving !== null) return this.deriving;
    this.deriving =
      this.derived.length > 0 &&
      this.derived.every(({ name, from }) => {
        const want = outputs[name];
        const src = outputs[from];
        const got = want && src ? this.derive(src, want.dims) : null;
        if (!want || !got) return false;
        const a = want.data as Float32Array;
        const b = got.data as Float32Array;
        let scale = 1e-6;
        let worst = 0;
        for (let i = 0; i < a.length; i++) {
          scale = Math.max(scale, Math.abs(a[i] as number));
          worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
        }
        return worst <= 1e-4 * scale;
      });
    return this.deriving;
  }

  has(key: string): boolean {
    return this.cache.get(key) !== undefined;
  }

  get bytes(): number {
    return this.cache.bytes;
  }

  private entry(key: string): Entry<E> {
    const e = this.cache.get(key);
    if (!e) throw new EngineError(`image "${key}" is not encoded (or was evicted): encode it first`);
    return e;
  }

  private size(e: Entry<E>): number {
    const packed = e.packed ? [...e.packed.values()].reduce((s, p) => s + p.bits.byteLength, 0) : 0;
    return (e.outputs ? floatBytes(e.outputs) : 0) + packed + e.extraBytes;
  }

  /** A newly encoded image: it becomes the one being prompted. */
  store(key: string, image: E, outputs: Outputs): E {
    this.checkDerivation(outputs);
    this.packPrevious(key);
    const e: Entry<E> = { image, outputs, packed: null, extraBytes: 0 };
    this.cache.set(key, e, this.size(e));
    this.active = key;
    return image;
  }

  get(key: string): E {
    return this.entry(key).image;
  }

  /** The image about to be prompted: expanded to float32 if packed; the previous one is packed. */
  activate(key: string): E {
    const e = this.entry(key);
    if (this.active === key && e.outputs) return e.image;
    this.packPrevious(key);
    if (!e.outputs && e.packed) {
      const outputs: Outputs = Object.fromEntries([...e.packed].map(([name, p]) => [name, this.tensor(unpackHalf(p.bits), p.dims)]));
      for (const d of this.derived) {
        const shape = e.derivedDims?.get(d.name);
        const src = outputs[d.from];
        const t = shape && src ? this.derive(src, shape) : null;
        if (t) outputs[d.name] = t;
      }
      e.outputs = outputs;
      e.packed = null;
    }
    this.active = key;
    if (this.cache.get(key) === e) this.cache.set(key, e, this.size(e));
    return e.image;
  }

  private packPrevious(next: string): void {
    const prev = this.active;
    if (!this.packInactive || prev === null || prev === next) return;
    const e = this.cache.get(prev);
    if (!e?.outputs) return;
    // derived outputs are dropped (their shapes kept): expanding computes them again from their source
    const derived = this.deriving
      ? new Map(this.derived.filter((d) => e.outputs?.[d.name]).map((d) => [d.name, [...(e.outputs?.[d.name]?.dims ?? [])]]))
      : new Map<string, number[]>();
    e.derivedDims = derived;
    e.packed = new Map(
      Object.entries(e.outputs)
        .filter(([name]) => !derived.has(name))
        .map(([name, t]) => [name, { bits: packHalf(t.data as Float32Array), dims: [...t.dims] }]),
    );
    e.outputs = null;
    this.cache.set(prev, e, this.size(e));
  }

  /** Named encoder outputs of an image as feeds (float32; a packed image's are expanded for this call). */
  feeds(key: string, names: readonly string[]): Feeds {
    const e = this.entry(key);
    const feeds: Feeds = {};
    for (const n of names) {
      const t = e.outputs?.[n];
      const p = e.packed?.get(n);
      const d = this.derived.find((x) => x.name === n);
      const shape = e.derivedDims?.get(n);
      const source = d ? e.packed?.get(d.from) : undefined;
      if (t) feeds[n] = t;
      else if (p) feeds[n] = this.tensor(unpackHalf(p.bits), p.dims);
      else if (shape && source) feeds[n] = this.derive(this.tensor(unpackHalf(source.bits), source.dims), shape) ?? this.missing(n);
      else this.missing(n);
    }
    return feeds;
  }

  private missing(name: string): never {
    throw new EngineError(`the encoder output "${name}" is missing from the cache`);
  }

  /**
   * Keeps a tensor the engine computed for an image (its decoded object queries' masks) with the image's
   * outputs: packed and expanded with them, counted in its bytes.
   */
  attach(key: string, name: string, t: Tensor): void {
    const e = this.cache.get(key);
    if (!e) return;
    if (e.outputs) e.outputs[name] = t;
    else e.packed?.set(name, { bits: packHalf(t.data as Float32Array), dims: [...t.dims] });
    this.cache.set(key, e, this.size(e));
  }

  /** Drops an image (its outputs and what was attached to it). */
  delete(key: string): void {
    this.cache.delete(key);
    if (this.active === key) this.active = null;
  }

  /** Bytes the engine keeps elsewhere for an image (e.g. its decoded object queries), counted in its size. */
  setExtraBytes(key: string, bytes: number): void {
    const e = this.cache.get(key);
    if (!e) return;
    e.extraBytes = bytes;
    this.cache.set(key, e, this.size(e));
  }
}
