/**
 * A slider with its name and value on one line above it (Figma UI3's property rows). The track's fill is drawn
 * from a CSS variable, since Chromium's range input has no stylable "filled" part.
 */
import type { ComponentChildren } from 'preact';

export interface SliderProps {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** The value as shown, e.g. "80%"; also the slider's aria-valuetext. */
  format: (v: number) => string;
  onInput: (v: number) => void;
  /** Dims the slider: its value is not set (e.g. "the model's own"). */
  unset?: boolean;
  /** Shown in place of the value while unset. */
  unsetText?: string;
  /** Something after the value, e.g. a reset button. */
  after?: ComponentChildren;
}

export const LabelledSlider = (p: SliderProps) => {
  const fill = ((p.value - p.min) / (p.max - p.min)) * 100;
  const shown = p.unset ? (p.unsetText ?? '') : p.format(p.value);
  return (
    // A div, not a label: a label's click goes to its first labelable child, which could be the `after` button.
    <div class={`slider${p.unset ? ' unset' : ''}`}>
      <span class="slider-head">
        <span class="field-label">{p.label}</span>
        <output class="slider-value">{shown}</output>
        {p.after}
      </span>
      <input
        type="range"
        min={p.min}
        max={p.max}
        step={p.step}
        value={p.value}
        aria-label={p.label}
        aria-valuetext={shown}
        style={{ '--fill': `${fill}%` }}
        onInput={(e) => p.onInput(Number(e.currentTarget.value))}
      />
    </div>
  );
};
