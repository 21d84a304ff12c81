/**
 * Groups a decode's objects into decoder runs. A v1 bundle decodes up to `maxObjects` objects
 * in one run, but text, the reference image and the memory flag (`has_prev`) are per run, so
 * only objects with visual prompts alone share a run, and only with objects in the same round
 * (all with a previous mask, or all without). Everything else runs alone. Order is kept
 * within each group; the result lists indices into `objects`.
 */
export interface BatchKey {
  text?: string;
  reference?: unknown;
  previous?: unknown;
}

export const batchObjects = (objects: readonly BatchKey[], maxObjects: number): number[][] => {
  const runs: number[][] = [];
  const open = new Map<string, number[]>();
  objects.forEach((o, i) => {
    if (maxObjects <= 1 || o.text?.trim() || o.reference) {
      runs.push([i]);
      return;
    }
    const key = o.previous ? 'previous' : 'first';
    let run = open.get(key);
    if (!run || run.length >= maxObjects) {
      run = [];
      open.set(key, run);
      runs.push(run);
    }
    run.push(i);
  });
  return runs;
};
