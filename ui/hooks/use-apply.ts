/**
 * Apply: the visible objects' masks → vector paths in the worker → one `apply` request to the sandbox
 * (one undo step there). Pressed while a visible object is still being decoded, it waits for that decode
 * and then applies, rather than finding nothing to apply.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CutoutLayer, Settings } from '../../contracts/sandbox';
import type { SandboxChannel } from '../channel/sandbox-channel';
import type { EngineClient } from '../engine/worker/client';
import { needsDecode, type CutObject } from '../state/session';
import { errorText, type SetStatus } from '../state/status-line';

export interface ApplyOptions {
  clip: boolean;
  tolerance: number;
  useFill: boolean;
  /** #rrggbb, used when useFill. */
  fill: string;
  opacity: number;
}

export type ApplyItem = Pick<CutObject, 'name' | 'colour' | 'result'>;

const fromHex = (h: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255) as [number, number, number];

export const useApply = (opts: {
  channel: SandboxChannel;
  client: EngineClient | null;
  target: { nodeId: string; imageHash: string; nodeName: string } | undefined;
  settings: Settings | null;
  objects: readonly CutObject[];
  options: ApplyOptions;
  setStatus: SetStatus;
}) => {
  const latest = useRef(opts);
  latest.current = opts;
  const pending = opts.objects.filter((o) => o.visible && needsDecode(o)).length;
  const [queued, setQueued] = useState(false);

  /** Applies `given`, or the visible objects with results; true when layers were added. */
  const applyAsync = async (given?: ApplyItem[]): Promise<boolean> => {
    const { channel, client, target, settings, objects: all, options, setStatus } = latest.current;
    if (!client || !target || !settings) return false;
    if (!given && all.some((o) => o.visible && needsDecode(o))) {
      setQueued(true);
      setStatus({ text: 'Applying when the segmentation in progress is done…', error: false });
      return false;
    }
    const objects = given ?? all.filter((o) => o.visible && o.result);
    if (objects.length === 0) {
      setStatus({ text: 'Nothing to apply: select an object first.', error: true });
      return false;
    }
    setStatus({ text: `Vectorising ${objects.length} mask${objects.length === 1 ? '' : 's'}…`, error: false });
    try {
      const layers: CutoutLayer[] = [];
      for (const o of objects) {
        const r = o.result;
        if (!r) continue;
        const path = await client.vectorizeAsync({
          imageKey: target.imageHash,
          mask: { ...r.mask, data: r.mask.data.slice() },
          refine: settings.refineEdges,
          tolerance: options.tolerance,
        });
        if (!path.data) continue;
        const [cr, cg, cb] = options.useFill ? fromHex(options.fill) : (o.colour.map((v) => v / 255) as [number, number, number]);
        layers.push({
          category: o.name,
          score: r.categoryScore,
          color: { r: cr, g: cg, b: cb, a: options.opacity },
          path: { windingRule: 'EVENODD', data: path.data },
        });
      }
      if (layers.length === 0) {
        setStatus({ text: 'Nothing to apply: the masks are empty.', error: true });
        return false;
      }
      const done = await channel.request('apply', { nodeId: target.nodeId, imageHash: target.imageHash, layers, clip: options.clip });
      setStatus({ text: `Added ${done.layerIds.length} layer${done.layerIds.length === 1 ? '' : 's'} to “${target.nodeName}”.`, error: false });
      return true;
    } catch (e) {
      setStatus({ text: `Apply failed: ${errorText(e)}`, error: true });
      return false;
    }
  };

  useEffect(() => {
    if (!queued || pending > 0) return;
    setQueued(false);
    void applyAsync();
  }, [queued, pending]);
  useEffect(() => setQueued(false), [opts.target?.imageHash]);

  return applyAsync;
};
