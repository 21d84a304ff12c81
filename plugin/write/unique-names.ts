/**
 * Layer names for repeated categories, the way Figma names duplicates:
 * `cat`, `cat 2`, `cat 3` … Empty or blank categories become `object`.
 */
export const uniqueNames = (categories: readonly string[]): string[] => {
  const seen = new Map<string, number>();
  return categories.map((raw) => {
    const name = raw.trim() || 'object';
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} ${n}`;
  });
};
