/**
 * A Figma-style segmented control in place of a radio group: role="radiogroup" of role="radio" buttons, one tab
 * stop (the checked one), arrow keys move and choose, as the ARIA radio group pattern has it.
 */
export interface Segment<T extends string> {
  value: T;
  label: string;
  /** A longer explanation, shown as the native tooltip. */
  title?: string;
}

export const SegmentedControl = <T extends string>(p: { label: string; options: readonly Segment<T>[]; value: T; onChange: (v: T) => void }) => {
  const move = (e: KeyboardEvent, from: number) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    // Arrows are the group's own: the panel's keys (tools, undo) must not see them.
    e.stopPropagation();
    const next = p.options[(from + step + p.options.length) % p.options.length];
    if (!next) return;
    p.onChange(next.value);
    const group = (e.currentTarget as HTMLElement).parentElement;
    group?.querySelector<HTMLElement>(`[data-value="${next.value}"]`)?.focus();
  };
  return (
    <div class="segmented" role="radiogroup" aria-label={p.label}>
      {p.options.map((o, i) => (
        <button
          type="button"
          role="radio"
          key={o.value}
          data-value={o.value}
          aria-checked={o.value === p.value}
          tabIndex={o.value === p.value ? 0 : -1}
          title={o.title}
          onClick={() => p.onChange(o.value)}
          onKeyDown={(e) => move(e, i)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
};

/** A labelled segmented control: the label above, as for the panel's other fields. */
export const SegmentedField = <T extends string>(p: { label: string; options: readonly Segment<T>[]; value: T; onChange: (v: T) => void }) => (
  <div class="field">
    <span class="field-label" aria-hidden="true">
      {p.label}
    </span>
    <SegmentedControl {...p} />
  </div>
);
