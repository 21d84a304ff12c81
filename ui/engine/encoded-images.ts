/**
 * The per-image cache of encoder outputs, bounded by bytes (least recently used out). The image
 * being prompted keeps float32 outputs, ready to feed; with `packInactive` every other image keeps
 * float16 copies (half the bytes: ~55 MB instead of ~111 MB for a 512² SEEM Focal-T image) and is
 * expanded again when it is prompted. A reference image's tensors are expanded on the fly.
 */
import { EngineError } from './engine-error';
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
}

const floatBytes = (outputs: Outputs): number => Object.values(outputs).reduce((s, t) => s + (t.data as Float32Array).byteLength, 0);

export class EncodedImages<E extends EncodedImage> {
  private readonly cache: ByteBoundedCache<Entry<E>>;
  private active: string | null = null;

  constructor(
    maxBytes: number,
    private readonly packInactive: boolean,
    private readonly tensor: (data: Float32Array, dims: readonly number[]) => Tensor,
  ) {
    this.cache = new ByteBoundedCache(maxBytes);
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
      e.outputs = Object.fromEntries([...e.packed].map(([name, p]) => [name, this.tensor(unpackHalf(p.bits), p.dims)]));
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
    e.packed = new Map(Object.entries(e.outputs).map(([name, t]) => [name, { bits: packHalf(t.data as Float32Array), dims: [...t.dims] }]));
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
      if (t) feeds[n] = t;
      else if (p) feeds[n] = this.tensor(unpackHalf(p.bits), p.dims);
      else throw new EngineError(`the encoder output "${n}" is missing from the cache`);
    }
    return feeds;
  }

  /** Attaches `bytes` more to an image's size (its decoded object queries). */
  addBytes(key: string, bytes: number): void {
    const e = this.cache.get(key);
    if (!e) return;
    e.extraBytes += bytes;
    this.cache.set(key, e, this.size(e));
  }
}
