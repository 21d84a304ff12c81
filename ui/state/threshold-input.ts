/**
 * A threshold typed in Settings: a probability in [0, 1], or nothing (empty, or not a number),
 * which means "the model's own" (seem.json `scores`, from the upstream config it pairs with).
 * Out-of-range values are clamped rather than refused, so a slip keeps a usable value.
 */
export const parseThreshold = (text: string): number | undefined => {
  const t = text.trim();
  if (t === '') return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : undefined;
};
