/**
 * Hover preview scheduling: pointer moves are debounced, at most one preview decode runs at a time,
 * the latest position wins (positions passed over while a decode runs are never decoded), and a result
 * is shown only if the pointer is still where it was computed — a late result never redraws a preview
 * after the pointer has moved on or left.
 */
export interface Timers {
  set(f: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = { set: (f, ms) => setTimeout(f, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

export class HoverScheduler<P, R> {
  private latest: P | null = null;
  private running = false;
  private timer: unknown = null;

  constructor(
    /** Computes a preview; a rejection or null shows nothing. */
    private readonly run: (p: P) => Promise<R | null>,
    /** Shows a preview for p, or clears it (null). */
    private readonly show: (p: P | null, r: R | null) => void,
    private readonly delayMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** The pointer is at p, or has left (null). */
  move(p: P | null): void {
    this.latest = p;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    if (p === null) {
      this.show(null, null);
      return;
    }
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.pump();
    }, this.delayMs);
  }

  /** Drops whatever is pending or running (e.g. the image changed). */
  cancel(): void {
    this.move(null);
  }

  private pump(): void {
    const p = this.latest;
    if (this.running || p === null) return;
    this.running = true;
    const settle = (r: R | null): void => {
      this.running = false;
      if (this.latest === p) this.show(p, r);
      else if (this.timer === null) this.pump(); // moved while running and the debounce has passed
    };
    this.run(p).then(settle, () => settle(null));
  }
}

/**
 * The decode cost the UI measures (median of the last few decodes): hover preview is on by default
 * ("auto") only when a decode answers quickly enough to follow the pointer.
 */
export class DecodeCost {
  private readonly times: number[] = [];

  constructor(private readonly keep = 5) {}

  record(ms: number): void {
    this.times.push(ms);
    if (this.times.length > this.keep) this.times.shift();
  }

  /** Median of the recorded times; null before any. */
  get medianMs(): number | null {
    if (this.times.length === 0) return null;
    return [...this.times].sort((a, b) => a - b)[Math.floor(this.times.length / 2)] as number;
  }

  /** Before any measurement hover is tried: its first decodes measure the cost (a slow model then stops it). */
  allowsHover(budgetMs: number): boolean {
    const m = this.medianMs;
    return m === null || m <= budgetMs;
  }
}

/** A decode at most this long keeps a hover preview live (with the debounce, ~5 previews a second). */
export const HOVER_BUDGET_MS = 200;
/** Pointer rest before a preview decode starts. */
export const HOVER_DEBOUNCE_MS = 40;
