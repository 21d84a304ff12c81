/**
 * The batch's state, pure: one row per selected image, filled in as the worker reports it (the vector path
 * and a small thumbnail — never full-resolution masks), accept/reject toggles, progress with time left,
 * and the rows an "Apply all" writes. Rows are keyed by layer, not by selection: the batch outlives a
 * selection change (a layer deleted mid-batch is refused at Apply, by name).
 */
import type { BatchItemOutcome } from '../../contracts/worker';

export interface BatchRow {
  nodeId: string;
  nodeName: string;
  imageHash: string;
  outcome: BatchItemOutcome | null;
  /** Whether Apply all writes it (done results start accepted). */
  accepted: boolean;
  /** Set after Apply all: written, or refused with the sandbox's reason. */
  applied?: { written: true } | { written: false; reason: string };
}

export interface BatchState {
  phase: 'idle' | 'running' | 'cancelling' | 'finished' | 'cancelled';
  /** What was asked, for the status line ("red", "the region marked on …"). */
  asked: string;
  rows: BatchRow[];
  startedAt: number;
  /** When the last image was reported (the time left is estimated from the mean so far). */
  lastAt: number;
}

export type BatchAction =
  | { type: 'start'; rows: Omit<BatchRow, 'outcome' | 'accepted'>[]; asked: string; now: number }
  | { type: 'item'; index: number; outcome: BatchItemOutcome; now: number }
  | { type: 'cancelling' }
  | { type: 'finish'; cancelled: boolean }
  | { type: 'toggle'; index: number }
  | { type: 'applied'; written: readonly string[]; refused: readonly { nodeId: string; reason: string }[] }
  | { type: 'clear' };

export const idleBatch: BatchState = { phase: 'idle', asked: '', rows: [], startedAt: 0, lastAt: 0 };

const setRow = (rows: readonly BatchRow[], index: number, patch: (r: BatchRow) => BatchRow): BatchRow[] => rows.map((r, i) => (i === index ? patch(r) : r));

export const reduceBatch = (s: BatchState, a: BatchAction): BatchState => {
  switch (a.type) {
    case 'start':
      return { phase: 'running', asked: a.asked, rows: a.rows.map((r) => ({ ...r, outcome: null, accepted: false })), startedAt: a.now, lastAt: a.now };
    case 'item':
      return { ...s, lastAt: a.now, rows: setRow(s.rows, a.index, (r) => ({ ...r, outcome: a.outcome, accepted: a.outcome.status === 'done' })) };
    case 'cancelling':
      return s.phase === 'running' ? { ...s, phase: 'cancelling' } : s;
    case 'finish':
      return { ...s, phase: a.cancelled ? 'cancelled' : 'finished' };
    case 'toggle':
      return { ...s, rows: setRow(s.rows, a.index, (r) => (r.outcome?.status === 'done' && !r.applied ? { ...r, accepted: !r.accepted } : r)) };
    case 'applied': {
      const reasons = new Map(a.refused.map((r) => [r.nodeId, r.reason]));
      return {
        ...s,
        rows: s.rows.map((r) => {
          if (a.written.includes(r.nodeId)) return { ...r, applied: { written: true } };
          const reason = reasons.get(r.nodeId);
          return reason === undefined ? r : { ...r, applied: { written: false, reason } };
        }),
      };
    }
    case 'clear':
      return idleBatch;
  }
};

export const isRunning = (s: BatchState): boolean => s.phase === 'running' || s.phase === 'cancelling';

/** n of N, and the time left from the mean time per image so far (null before the first image is done). */
export const batchProgress = (s: BatchState, now: number): { done: number; total: number; leftMs: number | null } => {
  const done = s.rows.filter((r) => r.outcome !== null).length;
  const total = s.rows.length;
  if (!isRunning(s) || done === 0) return { done, total, leftMs: isRunning(s) ? null : 0 };
  const mean = (s.lastAt - s.startedAt) / done;
  // The image in progress has already used some of its share since the last report.
  return { done, total, leftMs: Math.max(0, mean * (total - done) - (now - s.lastAt)) };
};

export const formatLeft = (ms: number | null): string =>
  ms === null ? 'estimating time left…' : ms < 1000 ? 'under a second left' : `about ${Math.ceil(ms / 1000)} s left`;

/** The rows Apply all writes: done, accepted, not written yet. */
export const rowsToApply = (s: BatchState): (BatchRow & { outcome: Extract<BatchItemOutcome, { status: 'done' }> })[] =>
  s.rows.filter(
    (r): r is BatchRow & { outcome: Extract<BatchItemOutcome, { status: 'done' }> } => r.outcome?.status === 'done' && r.accepted && !r.applied?.written,
  );

/** What a row keeps (for the memory check): its thumbnail and path, nothing at full resolution. */
export const keptBytes = (s: BatchState): number =>
  s.rows.reduce((n, r) => n + (r.outcome?.status === 'done' ? r.outcome.thumbnail.data.byteLength + r.outcome.path.length * 2 : 0), 0);
