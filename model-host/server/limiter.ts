/**
 * A concurrency limit with a bounded queue: at most `concurrency` jobs run, at
 * most `queue` wait; beyond that `tryRun` refuses at once (the caller answers 503
 * with Retry-After) instead of letting latency and memory grow without bound.
 */
export class Limiter {
  private running = 0;
  private waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queue: number,
  ) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** null when full; otherwise the job's promise. */
  tryRun<T>(job: () => Promise<T>): Promise<T> | null {
    if (this.running >= this.concurrency && this.waiting.length >= this.queue) return null;
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        this.running++;
        job()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.waiting.shift()?.();
          });
      };
      if (this.running < this.concurrency) start();
      else this.waiting.push(start);
    });
  }
}
