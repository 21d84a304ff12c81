/**
 * Back-pressure for decodes: at most one job runs and at most one waits. A new
 * job replaces the waiting one, which resolves as cancelled (never hangs). Hover
 * previews can fire dozens of requests a second; only the newest matters.
 */
export type Scheduled<T> = { status: 'done'; value: T } | { status: 'cancelled' };

export class LatestOnly {
  private running: Promise<unknown> | null = null;
  private waiting: { run: () => void; cancel: () => void } | null = null;

  schedule<T>(job: () => Promise<T>): Promise<Scheduled<T>> {
    return new Promise<Scheduled<T>>((resolve, reject) => {
      const start = (): void => {
        const p = job().then(
          (value) => resolve({ status: 'done', value }),
          (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
        );
        this.running = p.finally(() => {
          this.running = null;
          const next = this.waiting;
          this.waiting = null;
          next?.run();
        });
      };
      if (!this.running) {
        start();
        return;
      }
      this.waiting?.cancel();
      this.waiting = { run: start, cancel: () => resolve({ status: 'cancelled' }) };
    });
  }
}
