/**
 * Fake Figma nodes, strict like Figma: a removed node throws on any use,
 * transforms must be finite rotations + translations (size goes through resize),
 * paints and path data are validated. Types come from @figma/plugin-typings.
 */
import { assertFigmaPathData } from './strict-path';

type Matrix = Transform;
type FakeContainer = FakePage | FakeFrame | FakeGroup;
type Log = (event: string) => void;

let nextId = 1;
const newId = (): string => `1:${nextId++}`;

const isRigid = (m: Matrix): boolean => {
  const [[a, b], [c, d]] = m;
  return Math.abs(a * a + c * c - 1) < 1e-6 && Math.abs(b * b + d * d - 1) < 1e-6 && Math.abs(a * b + c * d) < 1e-6;
};

const assertPaints = (paints: readonly Paint[]): void => {
  for (const p of paints) {
    if (p.type === 'SOLID') {
      for (const v of [p.color.r, p.color.g, p.color.b, p.opacity ?? 1]) {
        if (!(v >= 0 && v <= 1)) throw new Error(`Invalid paint: colour channel ${v} outside 0..1`);
      }
    } else if (p.type === 'IMAGE') {
      if (p.scaleMode === 'CROP' && !p.imageTransform) throw new Error('Invalid paint: CROP without imageTransform');
    }
  }
};

export const multiply = (m: Matrix, n: Matrix): Matrix => [
  [m[0][0] * n[0][0] + m[0][1] * n[1][0], m[0][0] * n[0][1] + m[0][1] * n[1][1], m[0][0] * n[0][2] + m[0][1] * n[1][2] + m[0][2]],
  [m[1][0] * n[0][0] + m[1][1] * n[1][0], m[1][0] * n[0][1] + m[1][1] * n[1][1], m[1][0] * n[0][2] + m[1][1] * n[1][2] + m[1][2]],
];

export abstract class FakeNode {
  readonly id = newId();
  abstract readonly type: NodeType;
  parentNode: FakeContainer | null = null;
  private isRemoved = false;
  private nodeName: string;
  private transform: Matrix = [
    [1, 0, 0],
    [0, 1, 0],
  ];
  private pluginData = new Map<string, string>();

  constructor(
    protected readonly log: Log,
    name: string,
  ) {
    this.nodeName = name;
  }

  protected live(): void {
    if (this.isRemoved) throw new Error(`The node with id "${this.id}" does not exist`);
  }

  get removed(): boolean {
    return this.isRemoved;
  }

  get name(): string {
    this.live();
    return this.nodeName;
  }
  set name(v: string) {
    this.live();
    this.nodeName = v;
  }

  get parent(): FakeContainer | null {
    this.live();
    return this.parentNode;
  }

  get relativeTransform(): Matrix {
    this.live();
    return [[...this.transform[0]], [...this.transform[1]]] as Matrix;
  }
  set relativeTransform(m: Matrix) {
    this.live();
    if (!m.flat().every(Number.isFinite)) throw new Error('relativeTransform must be finite');
    if (!isRigid(m)) throw new Error('relativeTransform must not scale or skew: use resize()');
    this.transform = [[...m[0]], [...m[1]]] as Matrix;
  }

  /** Groups do not establish a coordinate space: children are placed in the nearest non-group ancestor's. */
  get absoluteTransform(): Matrix {
    this.live();
    let container = this.parentNode;
    while (container && container.type === 'GROUP') container = container.parentNode;
    return container && container.type !== 'PAGE' ? multiply(container.absoluteTransform, this.transform) : this.relativeTransform;
  }

  setPluginData(key: string, value: string): void {
    this.live();
    this.pluginData.set(key, value);
  }
  getPluginData(key: string): string {
    this.live();
    return this.pluginData.get(key) ?? '';
  }

  remove(): void {
    this.live();
    this.parentNode?.detach(this);
    this.isRemoved = true;
    this.log(`remove ${this.id}`);
  }
}

abstract class FakeShape extends FakeNode {
  private size = { width: 100, height: 100 };
  private paints: readonly Paint[] = [];
  private strokePaints: readonly Paint[] = [];
  isMask = false;

  get width(): number {
    this.live();
    return this.size.width;
  }
  get height(): number {
    this.live();
    return this.size.height;
  }
  resize(width: number, height: number): void {
    this.live();
    if (!(width >= 0.01 && height >= 0.01)) throw new Error('resize: size must be at least 0.01');
    this.size = { width, height };
  }
  get fills(): readonly Paint[] {
    this.live();
    return this.paints;
  }
  set fills(paints: readonly Paint[]) {
    this.live();
    assertPaints(paints);
    this.paints = structuredClone(paints);
  }
  get strokes(): readonly Paint[] {
    this.live();
    return this.strokePaints;
  }
  set strokes(paints: readonly Paint[]) {
    this.live();
    assertPaints(paints);
    this.strokePaints = structuredClone(paints);
  }
}

export class FakeRectangle extends FakeShape {
  readonly type = 'RECTANGLE' as const;
  clone(): FakeRectangle {
    this.live();
    const copy = new FakeRectangle(this.log, this.name);
    copy.resize(this.width, this.height);
    copy.fills = this.fills;
    copy.relativeTransform = this.relativeTransform;
    this.parentNode?.insertChild(this.parentNode.children.indexOf(this) + 1, copy);
    this.log(`create ${copy.type} ${copy.id}`);
    return copy;
  }
}

export class FakeVector extends FakeShape {
  readonly type = 'VECTOR' as const;
  private paths: VectorPaths = [];
  get vectorPaths(): VectorPaths {
    this.live();
    return this.paths;
  }
  set vectorPaths(paths: VectorPaths) {
    this.live();
    for (const p of paths) {
      if (p.windingRule !== 'EVENODD' && p.windingRule !== 'NONZERO') throw new Error(`Invalid windingRule ${String(p.windingRule)}`);
      assertFigmaPathData(p.data);
    }
    this.paths = structuredClone(paths);
  }
}

abstract class FakeParent extends FakeNode {
  readonly childList: FakeNode[] = [];
  get children(): readonly FakeNode[] {
    this.live();
    return [...this.childList];
  }
  detach(child: FakeNode): void {
    const i = this.childList.indexOf(child);
    if (i >= 0) this.childList.splice(i, 1);
    child.parentNode = null;
  }
  appendChild(child: FakeNode): void {
    this.insertChild(this.childList.length, child);
  }
  insertChild(index: number, child: FakeNode): void {
    this.live();
    if (child.removed) throw new Error(`The node with id "${child.id}" does not exist`);
    child.parentNode?.detach(child);
    this.childList.splice(Math.min(Math.max(index, 0), this.childList.length), 0, child);
    child.parentNode = this as unknown as FakeContainer;
  }
}

export class FakeFrame extends FakeParent {
  readonly type = 'FRAME' as const;
}

export class FakeGroup extends FakeParent {
  readonly type = 'GROUP' as const;
  override detach(child: FakeNode): void {
    super.detach(child);
    // Figma deletes a group that loses its last child.
    if (this.childList.length === 0 && !this.removed) this.remove();
  }
}

export class FakePage extends FakeParent {
  readonly type = 'PAGE' as const;
  private selected: FakeNode[] = [];
  get selection(): readonly FakeNode[] {
    return [...this.selected];
  }
  set selection(nodes: readonly FakeNode[]) {
    for (const n of nodes) {
      if (n.removed) throw new Error(`The node with id "${n.id}" does not exist`);
      let p = n.parentNode;
      while (p && p !== this) p = p.parentNode;
      if (!p) throw new Error(`Cannot select node ${n.id}: it is not on this page`);
    }
    this.selected = [...nodes];
  }
}

export type { FakeContainer };
