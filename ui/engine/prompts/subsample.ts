/**
 * Deterministic subsampling to a budget: evenly spaced picks across the list, so
 * a long stroke keeps points along its whole length. (SEEM draws them at random
 * with an unseeded generator; a fixed rule makes results reproducible.)
 */
export const subsampleEvenly = <T>(items: readonly T[], budget: number): T[] => {
  if (items.length <= budget) return [...items];
  if (budget <= 0) return [];
  const out: T[] = [];
  for (let k = 0; k < budget; k++) out.push(items[Math.floor(((k + 0.5) * items.length) / budget)] as T);
  return out;
};
