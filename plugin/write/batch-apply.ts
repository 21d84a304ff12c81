/**
 * Writes a batch's accepted cutouts, each next to its own source layer, in ONE undo step: every item is
 * checked and placed first (prepareCutoutAsync); an item whose layer was deleted, or whose image changed
 * since it was segmented, is refused with its reason while the others are written. A failure while
 * creating nodes removes everything this batch created, so the batch is all-or-nothing past its checks.
 */
import type { CutoutLayer } from '../../contracts/sandbox';
import { createCutout, prepareCutoutAsync, UserError, type PreparedCutout, type WriteResult } from './write-cutout';

export interface BatchWriteRequest {
  items: readonly { nodeId: string; nodeName: string; imageHash: string; layers: readonly CutoutLayer[] }[];
  clip: boolean;
}

export interface BatchWriteResult {
  written: (WriteResult & { nodeId: string })[];
  refused: { nodeId: string; nodeName: string; reason: string }[];
}

export const writeBatchAsync = async (req: BatchWriteRequest): Promise<BatchWriteResult> => {
  if (req.items.length === 0) throw new UserError('Nothing to apply: accept at least one result first.');
  const prepared: { nodeId: string; cutout: PreparedCutout }[] = [];
  const refused: BatchWriteResult['refused'] = [];
  for (const item of req.items) {
    try {
      prepared.push({ nodeId: item.nodeId, cutout: await prepareCutoutAsync({ ...item, clip: req.clip }) });
    } catch (error) {
      // Only the designer's kind of problem (layer gone, image changed, bad path) refuses one item; a bug stops the batch.
      if (!(error instanceof UserError)) throw error;
      refused.push({ nodeId: item.nodeId, nodeName: item.nodeName, reason: error.message });
    }
  }
  if (prepared.length === 0) return { written: [], refused };
  figma.commitUndo();
  const groups: GroupNode[] = [];
  const written: BatchWriteResult['written'] = [];
  try {
    for (const p of prepared) {
      const { group, result } = createCutout(p.cutout);
      groups.push(group);
      written.push({ nodeId: p.nodeId, ...result });
    }
  } catch (error) {
    // createCutout cleaned up its own item; the items before it go too, so a failed batch leaves nothing.
    for (const g of groups.reverse()) if (!g.removed) g.remove();
    throw error;
  }
  figma.currentPage.selection = groups;
  figma.commitUndo();
  return { written, refused };
};
