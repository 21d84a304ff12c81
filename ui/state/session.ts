/**
 * The cutout session: objects (each with its prompts, text, reference region,
 * latest mask and the previous round's mask for memory) and segments from
 * "Segment everything", with prompt undo/redo. A pure reducer: no DOM, no engine.
 */
import { categoryLabel } from '../engine/category-label';
import type { MaskLogits } from '../engine/engine';
import { unionMasks } from '../engine/mask-mapping';
import type { VisualPrompt } from '../engine/prompts/types';
import type { DecodedResult } from '../../contracts/worker';

export type Rgb = readonly [number, number, number];

export interface CutObject {
  id: number;
  /** What the layer will be called: the predicted category until the designer renames it. */
  name: string;
  renamed: boolean;
  colour: Rgb;
  visible: boolean;
  prompts: VisualPrompt[];
  text: string;
  reference: { imageKey: string; prompts: VisualPrompt[] } | null;
  /** Memory: the mask before the latest prompt was added. */
  previous: MaskLogits | null;
  result: DecodedResult | null;
  /**
   * The prompts (promptKey) the latest decode answered, with its error if it failed. Kept on the
   * object, not beside the session, so a fresh object — after Reset, or on another image, where ids
   * start again — is always decoded, even for the same prompt as before.
   */
  decoded: { key: string; error: string | null } | null;
  /** Prompted objects are re-decoded when their prompts change; segments and merges are fixed masks. */
  kind: 'prompted' | 'segment' | 'merged';
}

interface Snapshot {
  objects: CutObject[];
  active: number | null;
}

export interface Session extends Snapshot {
  past: Snapshot[];
  future: Snapshot[];
  nextId: number;
}

export const PALETTE: readonly Rgb[] = [
  [24, 160, 251],
  [255, 114, 0],
  [20, 174, 92],
  [242, 72, 34],
  [151, 71, 255],
  [255, 199, 0],
  [0, 181, 206],
  [230, 60, 160],
];

export const emptySession = (): Session => ({ objects: [], active: null, past: [], future: [], nextId: 1 });

export type Action =
  | { type: 'prompt'; prompt: VisualPrompt; newObject: boolean }
  | { type: 'text'; text: string; newObject: boolean }
  | { type: 'reference'; imageKey: string; prompt: VisualPrompt; newObject: boolean }
  /** `forKey`: the promptKey the decode was asked for (default: the object's current one). */
  | { type: 'result'; id: number; result: DecodedResult; forKey?: string }
  | { type: 'decode-failed'; id: number; forKey: string; message: string }
  | { type: 'segments'; segments: { result: DecodedResult }[] }
  | { type: 'rename'; id: number; name: string }
  | { type: 'toggle'; id: number }
  | { type: 'remove'; id: number }
  | { type: 'merge'; ids: number[] }
  | { type: 'select'; id: number | null }
  | { type: 'clear-prompts' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'reset' };

const HISTORY = 100;

const newObject = (s: Session, kind: CutObject['kind']): CutObject => ({
  id: s.nextId,
  name: 'object',
  renamed: false,
  colour: PALETTE[(s.nextId - 1) % PALETTE.length] as Rgb,
  visible: true,
  prompts: [],
  text: '',
  reference: null,
  previous: null,
  result: null,
  decoded: null,
  kind,
});

/** Applies a change to the active prompted object (creating one if needed), recording history. */
const withActive = (s: Session, fresh: boolean, change: (o: CutObject) => CutObject): Session => {
  const current = s.objects.find((o) => o.id === s.active && o.kind === 'prompted');
  const target = !current || fresh ? newObject(s, 'prompted') : current;
  // Memory: the mask before this round is what the next decode remembers.
  const changed = change({ ...target, previous: target.result?.mask ?? target.previous });
  const objects = target === current ? s.objects.map((o) => (o.id === target.id ? changed : o)) : [...s.objects, changed];
  return {
    objects,
    active: changed.id,
    past: [...s.past, { objects: s.objects, active: s.active }].slice(-HISTORY),
    future: [],
    nextId: target === current ? s.nextId : s.nextId + 1,
  };
};

const record = (s: Session, next: Snapshot): Session => ({
  ...s,
  ...next,
  past: [...s.past, { objects: s.objects, active: s.active }].slice(-HISTORY),
  future: [],
});

export const reduce = (s: Session, a: Action): Session => {
  switch (a.type) {
    case 'prompt':
      return withActive(s, a.newObject, (o) => ({ ...o, prompts: [...o.prompts, a.prompt] }));
    case 'text':
      return withActive(s, a.newObject, (o) => ({ ...o, text: a.text }));
    case 'reference':
      return withActive(s, a.newObject, (o) => ({
        ...o,
        reference: { imageKey: a.imageKey, prompts: [...(o.reference?.imageKey === a.imageKey ? o.reference.prompts : []), a.prompt] },
      }));
    case 'result':
      // Results are not history: they follow from the prompts.
      return {
        ...s,
        objects: s.objects.map((o) =>
          o.id === a.id
            ? { ...o, result: a.result, decoded: { key: a.forKey ?? promptKey(o), error: null }, name: o.renamed ? o.name : categoryLabel(a.result) }
            : o,
        ),
      };
    case 'decode-failed':
      return { ...s, objects: s.objects.map((o) => (o.id === a.id ? { ...o, decoded: { key: a.forKey, error: a.message } } : o)) };
    case 'segments': {
      const added = a.segments.map((seg, i) => ({
        ...newObject({ ...s, nextId: s.nextId + i }, 'segment'),
        result: seg.result,
        name: categoryLabel(seg.result),
      }));
      return {
        ...record(s, { objects: [...s.objects.filter((o) => o.kind !== 'segment'), ...added], active: s.active }),
        nextId: s.nextId + added.length,
      };
    }
    case 'rename':
      return record(s, { objects: s.objects.map((o) => (o.id === a.id ? { ...o, name: a.name.trim() || o.name, renamed: true } : o)), active: s.active });
    case 'toggle':
      return record(s, { objects: s.objects.map((o) => (o.id === a.id ? { ...o, visible: !o.visible } : o)), active: s.active });
    case 'remove':
      return record(s, { objects: s.objects.filter((o) => o.id !== a.id), active: s.active === a.id ? null : s.active });
    case 'merge': {
      const parts = s.objects.filter((o) => a.ids.includes(o.id) && o.result);
      const mask = unionMasks(parts.map((o) => (o.result as DecodedResult).mask));
      const first = parts[0]?.result;
      if (parts.length < 2 || !mask || !first) return s;
      const merged: CutObject = { ...newObject(s, 'merged'), name: parts[0]?.name ?? 'object', result: { ...first, mask } };
      return { ...record(s, { objects: [...s.objects.filter((o) => !a.ids.includes(o.id)), merged], active: merged.id }), nextId: s.nextId + 1 };
    }
    case 'select':
      return { ...s, active: a.id };
    case 'clear-prompts':
      return s.active === null ? s : record(s, { objects: s.objects.filter((o) => o.id !== s.active || o.kind !== 'prompted'), active: null });
    case 'undo': {
      const prev = s.past.at(-1);
      if (!prev) return s;
      return { ...s, ...prev, past: s.past.slice(0, -1), future: [{ objects: s.objects, active: s.active }, ...s.future] };
    }
    case 'redo': {
      const [next, ...rest] = s.future;
      if (!next) return s;
      return { ...s, ...next, past: [...s.past, { objects: s.objects, active: s.active }], future: rest };
    }
    case 'reset':
      return emptySession();
  }
};

/** What the engine needs to decode a prompted object (null when it has nothing to go on). */
export const objectPrompt = (o: CutObject) => {
  if (o.kind !== 'prompted') return null;
  if (o.prompts.length === 0 && !o.text.trim() && !o.reference) return null;
  return {
    ...(o.prompts.length ? { visual: o.prompts } : {}),
    ...(o.text.trim() ? { text: o.text.trim() } : {}),
    ...(o.reference ? { reference: o.reference } : {}),
    ...(o.previous ? { previous: o.previous } : {}),
  };
};

/** Identifies what an object asks the decoder: equal keys, equal answers (on the same image). */
export const promptKey = (o: CutObject): string => JSON.stringify([o.prompts, o.text, o.reference, o.previous ? o.previous.data.length : 0]);

/** A prompted object whose latest prompts have not been decoded yet (nor failed). */
export const needsDecode = (o: CutObject): boolean => objectPrompt(o) !== null && o.decoded?.key !== promptKey(o);
