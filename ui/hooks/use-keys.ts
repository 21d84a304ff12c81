/** Keyboard habits: Enter apply, Esc clear, Cmd/Ctrl+Z undo, Shift+Cmd/Ctrl+Z or Ctrl+Y redo, V/M/B/R tools. */
import { useEffect, useRef } from 'preact/hooks';
import type { Action } from '../state/session';

export type KeyTool = 'click' | 'box' | 'brush' | 'reference';

export const useKeys = (handlers: { dispatch: (a: Action) => void; apply: () => void; clear: () => void; tool: (t: KeyTool) => void }) => {
  // The listener stays; the handlers it calls are always the latest render's.
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const h = latest.current;
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
      const mod = e.metaKey || e.ctrlKey;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        h.dispatch({ type: e.shiftKey ? 'redo' : 'undo' });
      } else if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        h.dispatch({ type: 'redo' });
      } else if (e.key === 'Escape') {
        h.clear();
        h.dispatch({ type: 'clear-prompts' });
      } else if (e.key === 'Enter' && !typing) {
        e.preventDefault();
        h.apply();
      } else if (!typing && !mod) {
        const t = ({ v: 'click', m: 'box', b: 'brush', r: 'reference' } as const)[e.key.toLowerCase() as 'v' | 'm' | 'b' | 'r'];
        if (t) h.tool(t);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
};
