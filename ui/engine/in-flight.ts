/**
 * One run per key at a time: a second request for a key whose run is still in flight gets that run's promise
 * (its result or its error) instead of starting another. Used for image encodes, where two requests for one
 * image (the target chosen as the reference while it encodes, a re-encode after eviction racing a prompt) would
 * otherwise run the heaviest graph twice.
 */
export class InFlight<V> {
  private readonly runs = new Map<string, Promise<V>>();

  run(key: string, start: () => Promise<V>): Promise<V> {
    const running = this.runs.get(key);
    if (running) return running;
    const run = start().finally(() => this.runs.delete(key));
    this.runs.set(key, run);
    return run;
  }

  /** Whether a run for `key` is in flight. */
  has(key: string): boolean {
    return this.runs.has(key);
  }
}
