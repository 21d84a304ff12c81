/**
 * The hover preview: what a click at the pointer would select (the active object's prompts plus that
 * point), through the light decoder. Debounced, one decode at a time, latest position wins, late
 * results dropped (HoverScheduler). On in "auto" mode only when the measured decode cost allows it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Overlay } from '../components/canvas-view';
import { categoryLabel } from '../engine/category-label';
import type { VisualPrompt } from '../engine/prompts/types';
import type { EngineClient } from '../engine/worker/client';
import type { DecodedResult } from '../../contracts/worker';
import { HOVER_DEBOUNCE_MS, HoverScheduler } from '../hover/hover-scheduler';

type Point = { x: number; y: number };
type ObjectPromptBody = Parameters<EngineClient['decodeAsync']>[0]['objects'][number];

export const useHoverPreview = (opts: {
  client: EngineClient | null;
  imageKey: string | null;
  enabled: boolean;
  /** The active object's prompts, extended by the hover point. */
  base: ObjectPromptBody | null;
  /** Each finished decode's time (feeds the cost that decides "auto"). */
  onDecoded: (ms: number) => void;
}) => {
  const [hover, setHover] = useState<Overlay | null>(null);
  const base = useRef(opts.base);
  base.current = opts.base;
  const onDecoded = useRef(opts.onDecoded);
  onDecoded.current = opts.onDecoded;
  const { client, imageKey } = opts;

  const scheduler = useMemo(() => {
    if (!client || !imageKey) return null;
    const run = async (p: Point): Promise<DecodedResult | null> => {
      const b = base.current;
      const visual: VisualPrompt[] = [...(b?.visual ?? []), { kind: 'click', x: p.x, y: p.y, positive: true }];
      const t0 = performance.now();
      const r = await client.decodeAsync({ imageKey, objects: [{ ...(b ?? {}), visual }] });
      if (r.status !== 'done') return null;
      onDecoded.current(performance.now() - t0);
      return r.results[0] ?? null;
    };
    const show = (p: Point | null, r: DecodedResult | null): void =>
      setHover(p && r ? { id: -1, mask: r.mask, colour: [255, 255, 255], label: categoryLabel(r), active: false, preview: p } : null);
    return new HoverScheduler<Point, DecodedResult>(run, show, HOVER_DEBOUNCE_MS);
  }, [client, imageKey]);

  useEffect(() => () => scheduler?.cancel(), [scheduler]);

  const onHover = useCallback(
    (p: Point | null) => {
      if (!scheduler) return;
      scheduler.move(opts.enabled ? p : null);
    },
    [scheduler, opts.enabled],
  );
  const clear = useCallback(() => {
    scheduler?.cancel();
    setHover(null);
  }, [scheduler]);
  return { hover, onHover, clear };
};
