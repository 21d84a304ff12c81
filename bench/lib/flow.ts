/**
 * The interaction flow both engine benches time, side by side on one encoded image: encode, the
 * object decoder (first "everything"), a first click, a click with memory (round 2), text, and
 * "everything" again (cached: no decoder run). Runs in Node (SeemEngine) and in Chromium (the
 * built worker through EngineClient) through the same steps.
 */
export interface Mask {
  width: number;
  height: number;
  data: Float32Array;
}

/** What a runtime offers the flow; each call resolves when its work is done. */
export interface FlowTarget {
  encodeAsync(key: string): Promise<void>;
  /** nextRound: the result will be the next round's memory (the plugin prepares that round after a prompt). */
  clickAsync(key: string, x: number, y: number, previous?: Mask, nextRound?: boolean): Promise<Mask>;
  textAsync(key: string, text: string): Promise<void>;
  everythingAsync(key: string): Promise<void>;
}

export interface FlowTimes {
  encodeMs: number;
  /** First "everything" on an image: the object decoder plus the merge. */
  everythingFirstMs: number;
  /** Later "everything": the merge of the cached object queries. */
  everythingMs: number;
  /** everythingFirstMs − everythingMs: the object decoder's share. */
  objectDecoderMs: number;
  clickMs: number;
  /** Round 2, its memory prepared after round 1 (the plugin's path). */
  clickMemoryMs: number;
  /** Round 2 with a memory not prepared (computed on the spot: a memory run, then the click). */
  clickMemoryColdMs: number;
  textMs: number;
  clickPerEncode: number;
  clickMemoryPerEncode: number;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const timeAsync = async (f: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};

/** `runs` timed repetitions after one warm-up, median. */
const medianOfAsync = async (runs: number, f: (i: number) => Promise<unknown>): Promise<number> => {
  await f(-1);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeAsync(() => f(i)));
  return median(times);
};

export const runFlowAsync = async (t: FlowTarget, runs: number, at: { x: number; y: number }): Promise<FlowTimes> => {
  const encodes = Math.max(2, Math.floor(runs / 2));
  const encodeTimes: number[] = [];
  for (let i = 0; i < encodes; i++) encodeTimes.push(await timeAsync(() => t.encodeAsync(`img${i}`)));
  const encodeMs = median(encodeTimes.slice(1)); // the first includes one-off warm-up
  const key = `img${encodes - 1}`;
  const everythingFirstMs = await timeAsync(() => t.everythingAsync(key));
  const everythingMs = await medianOfAsync(runs, () => t.everythingAsync(key));
  const clickMs = await medianOfAsync(runs, (i) => t.clickAsync(key, at.x + i, at.y));
  const first = await t.clickAsync(key, at.x, at.y, undefined, true);
  const clickMemoryMs = await medianOfAsync(runs, (i) => t.clickAsync(key, at.x + i, at.y, first));
  // alternate between two previous masks so that no round's memory is ready
  const other = await t.clickAsync(key, at.x + 40, at.y + 40);
  const clickMemoryColdMs = await medianOfAsync(runs, (i) => t.clickAsync(key, at.x + i, at.y, i % 2 ? first : other));
  const textMs = await medianOfAsync(runs, () => t.textAsync(key, 'a person'));
  return {
    encodeMs,
    everythingFirstMs,
    everythingMs,
    objectDecoderMs: Math.max(0, everythingFirstMs - everythingMs),
    clickMs,
    clickMemoryMs,
    clickMemoryColdMs,
    textMs,
    clickPerEncode: clickMs / encodeMs,
    clickMemoryPerEncode: clickMemoryMs / encodeMs,
  };
};

const row = (label: string, values: readonly string[]): string => `${label.padEnd(36)}${values.map((v) => v.padStart(16)).join('')}`;

/** A table with one column per runtime. */
export const flowTable = (results: readonly { label: string; times: FlowTimes }[]): string => {
  const f = (n: number, d = 1) => n.toFixed(d);
  const lines = [
    row(
      '',
      results.map((r) => r.label),
    ),
  ];
  const add = (label: string, pick: (t: FlowTimes) => string) =>
    lines.push(
      row(
        label,
        results.map((r) => pick(r.times)),
      ),
    );
  add('encode ms', (t) => f(t.encodeMs));
  add('object decoder ms (1st everything)', (t) => f(t.objectDecoderMs));
  add('everything, first ms', (t) => f(t.everythingFirstMs));
  add('everything, cached ms', (t) => f(t.everythingMs));
  add('first click ms', (t) => f(t.clickMs));
  add('click with memory (round 2) ms', (t) => f(t.clickMemoryMs));
  add('  … memory not prepared ms', (t) => f(t.clickMemoryColdMs));
  add('text ms', (t) => f(t.textMs));
  add('click / encode', (t) => `1/${f(1 / t.clickPerEncode, 0)}`);
  add('click with memory / encode', (t) => `1/${f(1 / t.clickMemoryPerEncode, 0)}`);
  return lines.join('\n');
};
