/** The objects and segments: rename, show/hide, select for merge, delete. */
import { useState } from 'preact/hooks';
import type { Action, CutObject } from '../state/session';

export const SegmentList = ({ objects, active, dispatch }: { objects: CutObject[]; active: number | null; dispatch: (a: Action) => void }) => {
  const [checked, setChecked] = useState<number[]>([]);
  if (objects.length === 0) return <p class="hint">Click the image to select an object, or press Everything.</p>;
  return (
    <div class="segments">
      <ul>
        {objects.map((o) => (
          <li key={o.id} class={o.id === active ? 'active' : ''} data-object={o.id}>
            <input
              type="checkbox"
              aria-label={`select ${o.name} for merging`}
              checked={checked.includes(o.id)}
              onChange={() => setChecked((c) => (c.includes(o.id) ? c.filter((x) => x !== o.id) : [...c, o.id]))}
            />
            <span class="swatch" style={{ background: `rgb(${o.colour.join(',')})` }} onClick={() => dispatch({ type: 'select', id: o.id })} />
            <input
              class="name"
              value={o.name}
              aria-label="layer name"
              onKeyDown={(e) => e.stopPropagation()}
              onChange={(e) => dispatch({ type: 'rename', id: o.id, name: e.currentTarget.value })}
            />
            <span class={o.decoded?.error && !o.result ? 'score error' : 'score'} title={o.decoded?.error ?? undefined}>
              {o.result ? `${Math.round(o.result.categoryScore * 100)}%` : o.decoded?.error ? 'failed' : '…'}
            </span>
            <button
              class="icon"
              title={o.visible ? 'Hide' : 'Show'}
              aria-label={o.visible ? `hide ${o.name}` : `show ${o.name}`}
              onClick={() => dispatch({ type: 'toggle', id: o.id })}
            >
              {o.visible ? '◉' : '○'}
            </button>
            <button class="icon" title="Delete" aria-label={`delete ${o.name}`} onClick={() => dispatch({ type: 'remove', id: o.id })}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      {checked.length >= 2 && (
        <button
          onClick={() => {
            dispatch({ type: 'merge', ids: checked });
            setChecked([]);
          }}
        >
          Merge {checked.length}
        </button>
      )}
    </div>
  );
};
