/**
 * The label of a prompted mask when SEEM's background column wins.
 *
 * Upstream's demo takes the arg-max over all classes, background included, and shows "others" when
 * background wins (7b2e76d `demo/seem/tasks/interactive.py:32` appends "others" as the last label;
 * :130 and :157 take the arg-max over every column). Our choice for a designer: say "others" as
 * upstream does, but keep the best real class as a hint, "others (chair)", because a layer called
 * only "others" says nothing and the hint is often right. The percentage shown next to it stays the
 * hinted class's probability. The same label names the chip, the hover preview and the layer.
 * Segment everything never sees it (queries won by background are dropped), and the quick action
 * names its layer by the typed text, as upstream labels text results by the text (:180).
 */
export const OTHERS = 'others';

/** Upstream's test: the arg-max over all K class logits (first on ties) is the last, background, column. */
export const backgroundWins = (logits: ArrayLike<number>, offset: number, k: number): boolean => {
  let best = 0;
  for (let i = 1; i < k; i++) if ((logits[offset + i] as number) > (logits[offset + best] as number)) best = i;
  return best === k - 1;
};

export const categoryLabel = (r: { category: string; backgroundWins: boolean }): string => (r.backgroundWins ? `${OTHERS} (${r.category})` : r.category);
