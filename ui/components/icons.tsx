/**
 * The panel's icons, drawn for this plugin on a 24×24 grid with 1 px strokes in currentColor (Figma UI3's icon
 * style), so they follow the theme and the button's state colour. Decorative: the button carrying one names it.
 */
import type { ComponentChildren } from 'preact';

const Svg = ({ children }: { children: ComponentChildren }) => (
  <svg
    class="glyph"
    width="24"
    height="24"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="1"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    {children}
  </svg>
);

/** Click: a pointer arrow. */
export const ClickIcon = () => (
  <Svg>
    <path d="M8.5 5.5v12.2l3.1-3 2.4 5 1.8-.9-2.4-4.9h4.1z" />
  </Svg>
);

/** Box: a frame with corner handles. */
export const BoxIcon = () => (
  <Svg>
    <path d="M6.5 6.5h11v11h-11z" stroke-dasharray="2 2" />
    <path d="M5 5h3v3H5zM16 5h3v3h-3zM5 16h3v3H5zM16 16h3v3h-3z" fill="currentColor" stroke="none" />
  </Svg>
);

/** Brush: a handle and a round tip. */
export const BrushIcon = () => (
  <Svg>
    <path d="M18.5 5.5l-7 7" />
    <path d="M11.5 12.5c-1.2-1.2-3.3-1-4.3.3-.9 1.2-.4 2.7-1.7 4.2 2.2.6 4.5.2 5.8-1.2.9-1 .9-2.5.2-3.3z" />
  </Svg>
);

/** Reference: a region on a second image. */
export const ReferenceIcon = () => (
  <Svg>
    <path d="M4.5 8.5h10v10h-10zM9.5 8.5v-4h10v10h-5" />
    <circle cx="9.5" cy="13.5" r="2" />
  </Svg>
);

/** Everything: every shape in a frame found at once. */
export const EverythingIcon = () => (
  <Svg>
    <path d="M4.5 7V4.5H7M17 4.5h2.5V7M19.5 17v2.5H17M7 19.5H4.5V17" />
    <circle cx="9.5" cy="9.5" r="2.5" />
    <path d="M13 13h4v4h-4zM7 17l2.5-4 2.5 4z" />
  </Svg>
);

export const UndoIcon = () => (
  <Svg>
    <path d="M9 7.5L5.5 11 9 14.5" />
    <path d="M5.5 11h8a4.5 4.5 0 010 9H11" />
  </Svg>
);

export const RedoIcon = () => (
  <Svg>
    <path d="M15 7.5l3.5 3.5-3.5 3.5" />
    <path d="M18.5 11h-8a4.5 4.5 0 000 9H13" />
  </Svg>
);

/** Clear the current object's prompts (Esc): a cross in a circle. */
export const ClearIcon = () => (
  <Svg>
    <circle cx="12" cy="12" r="6.5" />
    <path d="M9.5 9.5l5 5M14.5 9.5l-5 5" />
  </Svg>
);

/** Reset every object: a circular arrow. */
export const ResetIcon = () => (
  <Svg>
    <path d="M17.5 12a5.5 5.5 0 11-1.6-3.9" />
    <path d="M16.5 5v3.5H13" />
  </Svg>
);

/** Settings: two sliders. */
export const SettingsIcon = () => (
  <Svg>
    <path d="M5 8.5h2.5M11.5 8.5H19M5 15.5h7.5M16.5 15.5H19" />
    <circle cx="9.5" cy="8.5" r="2" />
    <circle cx="14.5" cy="15.5" r="2" />
  </Svg>
);

export const ApplyIcon = () => (
  <Svg>
    <path d="M6.5 12.5l3.5 3.5 7.5-8" />
  </Svg>
);

/** Shown: an open eye. */
export const EyeIcon = () => (
  <Svg>
    <path d="M4.5 12c2-3.4 4.5-5 7.5-5s5.5 1.6 7.5 5c-2 3.4-4.5 5-7.5 5s-5.5-1.6-7.5-5z" />
    <circle cx="12" cy="12" r="2.5" />
  </Svg>
);

/** Hidden: a closed eye with lashes. */
export const EyeClosedIcon = () => (
  <Svg>
    <path d="M4.5 10.5c2 2.6 4.5 4 7.5 4s5.5-1.4 7.5-4" />
    <path d="M7.3 13.3l-1.3 2M12 14.5v2.5M16.7 13.3l1.3 2" />
  </Svg>
);

export const TrashIcon = () => (
  <Svg>
    <path d="M6.5 8.5h11M10 8.5V6.5h4v2M8 8.5l.7 10h6.6l.7-10" />
  </Svg>
);

/** Warning: a triangle with an exclamation mark (a batch image that failed). */
export const WarningIcon = () => (
  <Svg>
    <path d="M12 6.5l6 10.5H6z" />
    <path d="M12 10.5v3" />
    <circle cx="12" cy="15.25" r=".4" fill="currentColor" />
  </Svg>
);
