/**
 * The icon toolbar: the prompt tools (a toggle group), Everything, then history (undo, redo, clear, reset).
 * One line at the plugin's 360 px: icon buttons with tooltips naming them and their shortcut (use-keys.ts).
 */
import { IconButton, MOD } from './icon-button';
import { BoxIcon, BrushIcon, ClearIcon, ClickIcon, EverythingIcon, RedoIcon, ReferenceIcon, ResetIcon, UndoIcon } from './icons';

export type EditorTool = 'click' | 'box' | 'brush' | 'reference';

const TOOLS = {
  click: { label: 'Click', key: 'V', icon: ClickIcon },
  box: { label: 'Box', key: 'M', icon: BoxIcon },
  brush: { label: 'Brush', key: 'B', icon: BrushIcon },
  reference: { label: 'Reference', key: 'R', icon: ReferenceIcon },
} as const;

export interface ToolBarProps {
  tool: EditorTool;
  /** Whether a reference image is chosen (the Reference tool appears). */
  hasReference: boolean;
  ready: boolean;
  canUndo: boolean;
  canRedo: boolean;
  onTool: (t: EditorTool) => void;
  onEverything: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onClear: () => void;
  onReset: () => void;
}

export const ToolBar = (p: ToolBarProps) => {
  const tools: EditorTool[] = ['click', 'box', 'brush', ...(p.hasReference ? (['reference'] as const) : [])];
  return (
    <div class="toolbar" role="toolbar" aria-label="Tools">
      {tools.map((t, i) => {
        const { label, key, icon: Icon } = TOOLS[t];
        return (
          <IconButton key={t} label={label} shortcut={key} keys={key} pressed={p.tool === t} align={i === 0 ? 'start' : 'center'} onClick={() => p.onTool(t)}>
            <Icon />
          </IconButton>
        );
      })}
      <span class="divider" aria-hidden="true" />
      <IconButton label="Everything" disabled={!p.ready} onClick={p.onEverything}>
        <EverythingIcon />
      </IconButton>
      <span class="spacer" />
      <IconButton label="Undo" shortcut={`${MOD}Z`} keys="Control+Z Meta+Z" disabled={!p.canUndo} onClick={p.onUndo}>
        <UndoIcon />
      </IconButton>
      <IconButton label="Redo" shortcut={`⇧${MOD}Z`} keys="Shift+Control+Z Shift+Meta+Z" disabled={!p.canRedo} onClick={p.onRedo} align="end">
        <RedoIcon />
      </IconButton>
      <IconButton label="Clear object" shortcut="Esc" keys="Escape" onClick={p.onClear} align="end">
        <ClearIcon />
      </IconButton>
      <IconButton label="Reset" onClick={p.onReset} align="end">
        <ResetIcon />
      </IconButton>
    </div>
  );
};
