/** Median wall time of repeated runs after one warm-up. */
export const medianMsAsync = async (f: () => Promise<unknown>, runs: number): Promise<number> => {
  await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
};

export const fmt = (n: number, d = 1): string => n.toFixed(d);
