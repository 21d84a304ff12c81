/** Apply's options (output, smoothness, one fill colour and its opacity) and the Apply button. */
import type { ApplyOptions } from '../hooks/use-apply';
import { ApplyIcon } from './icons';
import { LabelledSlider } from './labelled-slider';
import { SegmentedField } from './segmented-control';

const hex = (rgb: readonly number[]): string => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

export const ApplyPanel = (p: {
  options: ApplyOptions;
  onChange: (o: ApplyOptions) => void;
  /** The active object's colour: what the fill picker starts from. */
  colour: readonly number[] | undefined;
  ready: boolean;
  onApply: () => void;
}) => {
  const o = p.options;
  return (
    <section class="apply" aria-label="Apply">
      <SegmentedField
        label="Output"
        value={o.clip ? 'clip' : 'vector'}
        options={[
          { value: 'vector', label: 'Vector', title: 'Vector layers filled with a colour' },
          { value: 'clip', label: 'Vector + clip', title: 'Also a copy of the image clipped by each vector (a cutout)' },
        ]}
        onChange={(v) => p.onChange({ ...o, clip: v === 'clip' })}
      />
      <LabelledSlider
        label="Smoothness"
        min={0.25}
        max={2}
        step={0.25}
        value={o.tolerance}
        format={(v) => `${v.toFixed(2)} px`}
        onInput={(v) => p.onChange({ ...o, tolerance: v })}
      />
      <div class="row fill-row">
        <label class="check">
          <input type="checkbox" checked={o.useFill} onChange={() => p.onChange({ ...o, useFill: !o.useFill })} />
          One fill
        </label>
        <input
          type="color"
          class="swatch-input"
          value={o.useFill ? o.fill : hex(p.colour ?? [13, 153, 255])}
          aria-label="Fill colour"
          onInput={(e) => p.onChange({ ...o, useFill: true, fill: e.currentTarget.value })}
        />
        <div class="grow">
          <LabelledSlider
            label="Fill opacity"
            min={0.1}
            max={1}
            step={0.05}
            value={o.opacity}
            format={(v) => `${Math.round(v * 100)}%`}
            onInput={(v) => p.onChange({ ...o, opacity: v })}
          />
        </div>
      </div>
      <button type="button" class="primary apply-button" aria-keyshortcuts="Enter" disabled={!p.ready} onClick={p.onApply}>
        <ApplyIcon />
        Apply
        <kbd aria-hidden="true">↵</kbd>
      </button>
    </section>
  );
};
