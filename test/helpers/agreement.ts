/**
 * How far a precision variant's answers are from the float32 graphs' (bench/precision.ts, test/convert/precision.test.ts):
 * per image and prompt, the IoU of the chosen masks at image resolution, whether the same class is named, whether
 * the same query answers, and the largest |Δ| of the chosen mask's logits relative to the largest |logit|.
 */
import type { ObjectPrompt, SeemEngine } from '../../ui/engine/engine';
import type { RgbaImage } from '../../ui/image/rgba-image';
import { maskIou, toImageMask } from './masks';

export type PromptKind = 'click' | 'box' | 'text' | 'everything';
export const PROMPT_KINDS: readonly PromptKind[] = ['click', 'box', 'text', 'everything'];

export interface Agreement {
  image: string;
  prompt: PromptKind;
  /** Chosen-mask IoU (everything: the mean over the reference's segments of their best match). */
  iou: number;
  /** Same class named (everything: the share of reference segments whose best match has its class). */
  sameClass: number;
  sameQuery: boolean;
  /** max |Δ logit| / max |logit| of the chosen mask (everything: NaN, segments are matched, not aligned). */
  relDelta: number;
}

/** The prompts, placed relative to the image (the same for every variant). */
const promptFor = (kind: Exclude<PromptKind, 'everything'>, w: number, h: number, text: string): ObjectPrompt =>
  kind === 'click'
    ? { visual: [{ kind: 'click', x: w / 2, y: h / 2, positive: true }] }
    : kind === 'box'
      ? { visual: [{ kind: 'box', x0: w / 4, y0: h / 4, x1: (3 * w) / 4, y1: (3 * h) / 4 }] }
      : { text };

const relDelta = (a: Float32Array, b: Float32Array): number => {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)));
    m = Math.max(m, Math.abs(a[i] as number));
  }
  return d / (m || 1);
};

export const agreementAsync = async (
  reference: SeemEngine,
  variant: SeemEngine,
  images: readonly { name: string; image: RgbaImage; text: string }[],
): Promise<Agreement[]> => {
  const rows: Agreement[] = [];
  for (const { name, image, text } of images) {
    await reference.encodeImageAsync(name, image);
    await variant.encodeImageAsync(name, image);
    const { width: w, height: h } = image;
    for (const kind of ['click', 'box', 'text'] as const) {
      const prompt = promptFor(kind, w, h, text);
      const [a, b] = await Promise.all([reference.decodeAsync(name, [prompt]), variant.decodeAsync(name, [prompt])]);
      const ra = a.status === 'done' ? a.value[0] : undefined;
      const rb = b.status === 'done' ? b.value[0] : undefined;
      if (!ra || !rb) throw new Error(`${name} ${kind}: no result`);
      rows.push({
        image: name,
        prompt: kind,
        iou: maskIou(toImageMask(ra.mask, w, h), toImageMask(rb.mask, w, h)),
        sameClass: ra.category === rb.category ? 1 : 0,
        sameQuery: ra.query === rb.query,
        relDelta: ra.mask.data.length === rb.mask.data.length ? relDelta(ra.mask.data, rb.mask.data) : Number.NaN,
      });
    }
    // every object query that any class claims (random weights rarely pass the model's own 0.8)
    const options = { objectThreshold: 0 };
    const [sa, sb] = [await reference.segmentEverythingAsync(name, options), await variant.segmentEverythingAsync(name, options)];
    const masksB = sb.map((s) => toImageMask(s.mask, w, h));
    let iouSum = 0;
    let same = 0;
    for (const s of sa) {
      const ma = toImageMask(s.mask, w, h);
      let best = -1;
      let bestIou = 0;
      masksB.forEach((mb, j) => {
        const v = maskIou(ma, mb);
        if (v > bestIou) [best, bestIou] = [j, v];
      });
      iouSum += bestIou;
      if (best >= 0 && sb[best]?.category === s.category) same++;
    }
    rows.push({
      image: name,
      prompt: 'everything',
      iou: sa.length ? iouSum / sa.length : sb.length ? 0 : 1,
      sameClass: sa.length ? same / sa.length : 1,
      sameQuery: sa.length === sb.length,
      relDelta: Number.NaN,
    });
    reference.forgetImage(name);
    variant.forgetImage(name);
  }
  return rows;
};
