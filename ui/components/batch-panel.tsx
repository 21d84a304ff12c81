/**
 * Batch mode, shown when several image layers are selected: what to cut out of every image (text, the
 * region marked on the reference image, or both), Run / Cancel, progress (n of N, time left), the results as
 * they arrive (thumbnail, category, score, accept toggle; failures with their reason), and Apply all.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RgbaImage } from '../image/rgba-image';
import { WarningIcon } from './icons';
import { batchProgress, formatLeft, isRunning, rowsToApply, type BatchRow, type BatchState } from '../state/batch';

/** The result's thumbnail (opaque: the image dimmed, the mask tinted) letterboxed in a 24 px square, like Figma's layer thumbnails. */
const Thumb = ({ image, label }: { image: RgbaImage; label: string }) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    canvas.current?.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  }, [image]);
  return (
    <span class="batch-thumb-box">
      <canvas ref={canvas} class="batch-thumb" width={image.width} height={image.height} role="img" aria-label={label} />
    </span>
  );
};

const RowView = ({ row, index, onToggle }: { row: BatchRow; index: number; onToggle: (index: number) => void }) => {
  const o = row.outcome;
  const refused = row.applied && !row.applied.written ? row.applied.reason : null;
  return (
    <li
      data-node={row.nodeId}
      data-state={o?.status ?? 'waiting'}
      data-applied={row.applied ? (row.applied.written ? 'written' : 'refused') : undefined}
      data-encode-ms={o?.status === 'done' ? Math.round(o.encodeMs) : undefined}
      data-decode-ms={o?.status === 'done' ? Math.round(o.decodeMs) : undefined}
      title={o?.status === 'done' ? `encoded in ${Math.round(o.encodeMs)} ms, decoded in ${Math.round(o.decodeMs)} ms` : undefined}
    >
      {o?.status === 'done' ? (
        <Thumb image={o.thumbnail} label={`${row.nodeName}: ${o.category}`} />
      ) : (
        <span class="batch-thumb-box">{o?.status === 'failed' && <WarningIcon />}</span>
      )}
      <span class="batch-text">
        <span class="batch-name">{row.nodeName}</span>
        {o?.status === 'failed' && (
          <span class="error batch-reason" title={`${o.reason} (failed at ${o.stage})`}>
            {o.reason}
          </span>
        )}
        {refused !== null && (
          <span class="error batch-reason" title={refused}>
            {refused}
          </span>
        )}
      </span>
      {o === null && <span class="hint">waiting…</span>}
      {o?.status === 'done' && (
        <>
          <span class="batch-category">{o.category}</span>
          <span class="score">{Math.round(o.score * 100)}%</span>
          <input
            type="checkbox"
            class="batch-accept"
            checked={row.accepted}
            disabled={row.applied?.written === true}
            aria-label={`accept ${row.nodeName}`}
            onChange={() => onToggle(index)}
          />
        </>
      )}
    </li>
  );
};

export const BatchPanel = (p: {
  count: number;
  ready: boolean;
  state: BatchState;
  now: number;
  /** The region marked on the reference image, when there is one. */
  referenceName: string | null;
  onRun: (prompt: { text: string; useReference: boolean }) => void;
  onCancel: () => void;
  onToggle: (index: number) => void;
  onApplyAll: () => void;
  /** Drops the results (what was not applied is gone; nothing in Figma changes). */
  onClear: () => void;
}) => {
  const [text, setText] = useState('');
  const [useReference, setUseReference] = useState(false);
  const running = isRunning(p.state);
  const progress = batchProgress(p.state, p.now);
  const toApply = rowsToApply(p.state).length;
  const run = () => p.onRun({ text, useReference: useReference && p.referenceName !== null });
  const progressText = `${progress.done} of ${progress.total}${
    running ? ` · ${p.state.phase === 'cancelling' ? 'cancelling…' : formatLeft(progress.leftMs)}` : p.state.phase === 'cancelled' ? ' · cancelled' : ' · done'
  }`;
  return (
    <section class="batch" aria-label="Batch">
      <h2 class="section-title batch-title">Batch — {p.count} images</h2>
      <div class="text-prompt">
        <input
          list="categories"
          placeholder="What to cut out of every image…"
          aria-label="Batch text"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter here runs the batch, not the single-image Apply.
            e.stopPropagation();
            if (e.key === 'Enter' && !running) run();
          }}
        />
        {running ? (
          <button type="button" onClick={p.onCancel} disabled={p.state.phase === 'cancelling'}>
            Cancel
          </button>
        ) : (
          <button type="button" disabled={!p.ready} onClick={run}>
            Run batch
          </button>
        )}
      </div>
      {p.referenceName !== null && (
        <label class="check">
          <input type="checkbox" checked={useReference} onChange={() => setUseReference(!useReference)} />
          the region marked on “{p.referenceName}”
        </label>
      )}
      {p.state.phase !== 'idle' && (
        <div
          class={`batch-progress ${p.state.phase}`}
          role="progressbar"
          aria-label="Batch progress"
          aria-valuemin={0}
          aria-valuemax={progress.total}
          aria-valuenow={progress.done}
          aria-valuetext={progressText}
        >
          <span class="hint">{progressText}</span>
          <span class="batch-track" style={{ '--fill': `${progress.total ? (100 * progress.done) / progress.total : 0}%` }} />
        </div>
      )}
      {p.state.rows.length > 0 && (
        <ul class="batch-results" aria-label="Batch results">
          {p.state.rows.map((row, i) => (
            <RowView key={row.nodeId} row={row} index={i} onToggle={p.onToggle} />
          ))}
        </ul>
      )}
      {p.state.phase !== 'idle' && (
        <div class="row batch-actions">
          <button type="button" class="primary" disabled={running || toApply === 0} onClick={p.onApplyAll}>
            Apply all ({toApply})
          </button>
          <button type="button" disabled={running} onClick={p.onClear}>
            Clear
          </button>
        </div>
      )}
    </section>
  );
};
