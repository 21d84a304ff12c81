/**
 * Writes accepted masks as vector layers over an image node, in one undo step:
 *
 *   Cutout · <node name>          (group, placed just above the source node)
 *   ├─ cat                        (vector, filled with the mask colour)
 *   └─ cat 2                      (with `clip`: a group of the vector as mask
 *        ├─ cat 2 (mask)           + a copy of the image, i.e. the cutout)
 *        └─ <node name> copy
 *
 * The source node is never modified. Every path is parsed and placed before the
 * first node is created, so bad input creates nothing; a failure part-way removes
 * what was created.
 */
import type { CutoutLayer } from '../../contracts/sandbox';
import { readNodeAsync } from '../read/read-selection';
import { layerGeometry } from './layer-geometry';
import { uniqueNames } from './unique-names';

export class UserError extends Error {
  override name = 'UserError';
}

export interface WriteRequest {
  nodeId: string;
  imageHash: string;
  layers: readonly CutoutLayer[];
  clip: boolean;
}

export interface WriteResult {
  groupId: string;
  layerIds: string[];
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

const sourceNodeAsync = async (nodeId: string): Promise<SceneNode & { parent: BaseNode & ChildrenMixin }> => {
  const node = await figma.getNodeByIdAsync(nodeId);
  if (!node || node.removed) throw new UserError('The image layer no longer exists. Select it again.');
  if (node.type === 'DOCUMENT' || node.type === 'PAGE') throw new UserError('Cutouts go on image layers, not pages.');
  const parent = node.parent;
  if (!parent || !('children' in parent)) throw new UserError(`“${node.name}” has no parent to place the cutout in.`);
  return node as SceneNode & { parent: BaseNode & ChildrenMixin };
};

type SourceNode = SceneNode & { parent: BaseNode & ChildrenMixin };

/** A request checked and placed: nothing in it can fail on bad input any more. */
export interface PreparedCutout {
  node: SourceNode;
  clip: boolean;
  items: (ReturnType<typeof layerGeometry> & { layer: CutoutLayer; name: string })[];
}

/** Everything that can fail on bad input (node gone, image changed, bad path data), before any node exists. */
export const prepareCutoutAsync = async (req: WriteRequest): Promise<PreparedCutout> => {
  if (req.layers.length === 0) throw new UserError('Nothing to apply: accept at least one mask first.');
  const node = await sourceNodeAsync(req.nodeId);
  const read = await readNodeAsync(node);
  if (!('bytes' in read)) throw new UserError(read.message);
  if (read.imageHash !== req.imageHash) {
    throw new UserError(`The image in “${node.name}” changed since it was segmented. Segment it again.`);
  }
  const names = uniqueNames(req.layers.map((l) => l.category));
  const items = req.layers.map((layer, i) => {
    const name = names[i] ?? layer.category;
    try {
      return { layer, name, ...layerGeometry(layer.path.data, read.geometry, node.relativeTransform) };
    } catch (error) {
      throw new UserError(`mask “${name}” has unusable path data: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return { node, clip: req.clip, items };
};

/**
 * Creates one prepared cutout's nodes. No undo commits here: the caller brackets ONE undo step around all it
 * writes (one cutout, or a whole batch). A failure part-way removes what this call created, then rethrows.
 */
export const createCutout = (p: PreparedCutout): { group: GroupNode; result: WriteResult } => {
  const { node } = p;
  const created: SceneNode[] = [];
  const vectors: VectorNode[] = [];
  try {
    const items = p.items.map(({ layer, name, data }) => {
      const vector = figma.createVector();
      created.push(vector);
      vectors.push(vector);
      vector.vectorPaths = [{ windingRule: layer.path.windingRule, data }];
      const { r, g, b, a } = layer.color;
      vector.fills = [{ type: 'SOLID', color: { r: clamp01(r), g: clamp01(g), b: clamp01(b) }, opacity: clamp01(a) }];
      vector.strokes = [];
      vector.name = name;
      vector.setPluginData('seem', JSON.stringify({ category: layer.category, score: layer.score }));
      if (!p.clip) return vector;
      vector.name = `${name} (mask)`;
      vector.isMask = true;
      const copy = node.clone();
      created.push(copy);
      copy.name = `${node.name} copy`;
      const cut = figma.group([vector, copy], node.parent, node.parent.children.indexOf(node) + 1);
      created.push(cut);
      cut.name = name;
      return cut;
    });
    const group = figma.group(items, node.parent, node.parent.children.indexOf(node) + 1);
    group.name = `Cutout · ${node.name}`;
    // Placed once the vectors sit in the node's parent: groups share their parent's
    // coordinate space, so the node's relativeTransform applies to them as is.
    vectors.forEach((vector, i) => {
      const placed = p.items[i];
      if (placed) vector.relativeTransform = placed.relativeTransform;
    });
    return { group, result: { groupId: group.id, layerIds: items.map((n) => n.id) } };
  } catch (error) {
    for (const n of created.reverse()) if (!n.removed) n.remove();
    throw error;
  }
};

export const writeCutoutAsync = async (req: WriteRequest): Promise<WriteResult> => {
  const prepared = await prepareCutoutAsync(req);
  figma.commitUndo();
  const { group, result } = createCutout(prepared);
  figma.currentPage.selection = [group];
  figma.commitUndo();
  return result;
};
