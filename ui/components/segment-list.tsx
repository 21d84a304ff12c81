/** The objects and segments, as Figma's layer rows: select for merge, make active, rename, show/hide (eye), delete. */
import { useState } from 'preact/hooks';
import type { Action, CutObject } from '../state/session';
import { EyeClosedIcon, EyeIcon, TrashIcon } from './icons';

export const SegmentList = ({
  objects,
  active,
  ready,
  dispatch,
}: {
  objects: CutObject[];
  active: number | null;
  /** The image is encoded: prompts can be answered. */
  ready: boolean;
  dispatch: (a: Action) => void;
}) => {
  const [checked, setChecked] = useState<number[]>([]);
  if (objects.length === 0) {
    return (
      <p class="hint empty">
        {ready ? 'Click the image to select an object, or press Everything.' : 'Preparing the image: prompts answer once it is encoded.'}
      </p>
    );
  }
  return (
    <div class="segments">
      <ul aria-label="Objects">
        {objects.map((o) => (
          <li key={o.id} class={`${o.id === active ? 'active' : ''}${o.visible ? '' : ' hidden'}`} data-object={o.id}>
            <input
              type="checkbox"
              aria-label={`Select ${o.name} for merging`}
              checked={checked.includes(o.id)}
              onChange={() => setChecked((c) => (c.includes(o.id) ? c.filter((x) => x !== o.id) : [...c, o.id]))}
            />
            <button
              type="button"
              class="swatch"
              aria-label={`Edit ${o.name}`}
              aria-pressed={o.id === active}
              title="Add prompts to this object"
              style={{ background: `rgb(${o.colour.join(',')})` }}
              onClick={() => dispatch({ type: 'select', id: o.id })}
            />
            <input
              class="name"
              value={o.name}
              aria-label={`Layer name of ${o.name}`}
              onKeyDown={(e) => e.stopPropagation()}
              onChange={(e) => dispatch({ type: 'rename', id: o.id, name: e.currentTarget.value })}
            />
            <span class={o.decoded?.error && !o.result ? 'score error' : 'score'} title={o.decoded?.error ?? undefined}>
              {o.result ? `${Math.round(o.result.categoryScore * 100)}%` : o.decoded?.error ? 'failed' : '…'}
            </span>
            <button
              type="button"
              class="icon-button row-action"
              title={o.visible ? 'Hide' : 'Show'}
              aria-label={o.visible ? `Hide ${o.name}` : `Show ${o.name}`}
              onClick={() => dispatch({ type: 'toggle', id: o.id })}
            >
              {o.visible ? <EyeIcon /> : <EyeClosedIcon />}
            </button>
            <button
              type="button"
              class="icon-button row-action"
              title="Delete"
              aria-label={`Delete ${o.name}`}
              onClick={() => dispatch({ type: 'remove', id: o.id })}
            >
              <TrashIcon />
            </button>
          </li>
        ))}
      </ul>
      {checked.length >= 2 && (
        <button
          type="button"
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
