/**
 * An icon-only button, Figma UI3 style: its name is the aria-label, and a tooltip (hover or keyboard focus)
 * shows that name with the keyboard shortcut. `pressed` makes it a toggle (aria-pressed), for tools.
 */
import type { ComponentChildren } from 'preact';

export interface IconButtonProps {
  label: string;
  /** Shown in the tooltip, e.g. "V" or "⌘Z". */
  shortcut?: string;
  /** aria-keyshortcuts, e.g. "Control+Z Meta+Z". */
  keys?: string;
  pressed?: boolean;
  disabled?: boolean;
  /** Where the tooltip hangs from, so that the first and last buttons' tooltips stay inside the panel. */
  align?: 'start' | 'center' | 'end';
  onClick: () => void;
  children: ComponentChildren;
}

export const IconButton = (p: IconButtonProps) => (
  <button type="button" class="icon-button" aria-label={p.label} aria-keyshortcuts={p.keys} aria-pressed={p.pressed} disabled={p.disabled} onClick={p.onClick}>
    {p.children}
    {/* Hidden from assistive tech: the name is the aria-label, the shortcut aria-keyshortcuts. */}
    <span class={`tooltip tooltip-${p.align ?? 'center'}`} aria-hidden="true">
      {p.label}
      {p.shortcut && <kbd>{p.shortcut}</kbd>}
    </span>
  </button>
);

/** ⌘ on a Mac, Ctrl elsewhere: what the tooltips spell. */
export const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';
