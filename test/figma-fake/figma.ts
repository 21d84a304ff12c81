/**
 * A fake `figma` global for tests, implementing what SEEM Cutout uses and
 * behaving like Figma under `"documentAccess": "dynamic-page"` (the sync
 * `getNodeById` throws). The built dist/plugin.js runs against it unchanged.
 */
import { FakeFrame, FakeGroup, FakeNode, FakePage, FakeRectangle, FakeVector, type FakeContainer } from './nodes';

export interface ImageEntry {
  bytes: Uint8Array;
  width: number;
  height: number;
}

export interface Notification {
  message: string;
  error: boolean;
}

/** Records in order: node creation, removal, undo commits, so a test can check one undo step. */
export type EventLog = string[];

type UiHandler = (msg: unknown, props: OnMessageProperties) => void;

/** Figma's clientStorage holds at most 5 MB per plugin; a write past it is rejected. */
export const CLIENT_STORAGE_QUOTA = 5 * 1024 * 1024;
const storedSize = (storage: ReadonlyMap<string, unknown>): number => [...storage].reduce((n, [k, v]) => n + k.length + (JSON.stringify(v)?.length ?? 0), 0);

export const createFigmaFake = () => {
  const log: EventLog = [];
  const record = (e: string): void => {
    log.push(e);
  };
  const root = new FakePage(record, 'Page 1');
  const images = new Map<string, ImageEntry>();
  const notifications: Notification[] = [];
  const toUi: unknown[] = [];
  const toUiListeners = new Set<(msg: unknown) => void>();
  const storage = new Map<string, unknown>();
  const selectionHandlers = new Set<() => void>();
  const runHandlers = new Set<(e: RunEvent) => void>();
  const inputHandlers = new Set<(e: ParameterInputEvent) => void>();
  let onmessage: UiHandler | undefined;
  let shownUi: { html: string; options: ShowUIOptions | undefined } | null = null;
  let closed = false;

  const findNode = (id: string, node: FakeNode = root): FakeNode | null => {
    if (node.id === id) return node;
    if ('childList' in node) {
      for (const child of (node as FakePage).childList) {
        const hit = findNode(id, child);
        if (hit) return hit;
      }
    }
    return null;
  };

  const created = <T extends FakeNode>(node: T): T => {
    record(`create ${node.type} ${node.id}`);
    return node;
  };

  const ui = {
    postMessage(msg: unknown): void {
      if (closed) throw new Error('Cannot post to the UI: the plugin is closed');
      // Figma structured-clones messages; so does the fake, catching non-cloneable values.
      const copy = structuredClone(msg);
      toUi.push(copy);
      for (const listener of toUiListeners) listener(copy);
    },
    get onmessage(): UiHandler | undefined {
      return onmessage;
    },
    set onmessage(h: UiHandler | undefined) {
      onmessage = h;
    },
  };

  const api = {
    mixed: Symbol('mixed') as unknown as PluginAPI['mixed'],
    get currentPage(): FakePage {
      return root;
    },
    ui,
    showUI(html: string, options?: ShowUIOptions): void {
      shownUi = { html, options };
    },
    closePlugin(): void {
      closed = true;
    },
    notify(message: string, options?: NotificationOptions): NotificationHandler {
      notifications.push({ message, error: options?.error === true });
      return { cancel: () => undefined };
    },
    commitUndo(): void {
      record('commitUndo');
    },
    on(event: 'selectionchange' | 'run', handler: (() => void) | ((e: RunEvent) => void)): void {
      if (event === 'selectionchange') selectionHandlers.add(handler as () => void);
      else if (event === 'run') runHandlers.add(handler);
      else throw new Error(`fake: event ${String(event)} not implemented`);
    },
    parameters: {
      on(event: 'input', handler: (e: ParameterInputEvent) => void): void {
        if (event !== 'input') throw new Error(`fake: parameters event ${String(event)} not implemented`);
        inputHandlers.add(handler);
      },
    },
    getNodeById(): never {
      throw new Error('Cannot call getNodeById with documentAccess: dynamic-page. Use figma.getNodeByIdAsync instead.');
    },
    getNodeByIdAsync(id: string): Promise<FakeNode | null> {
      return Promise.resolve(findNode(id));
    },
    getImageByHash(hash: string): Pick<Image, 'hash' | 'getBytesAsync' | 'getSizeAsync'> | null {
      const entry = images.get(hash);
      if (!entry) return null;
      return {
        hash,
        getBytesAsync: () => Promise.resolve(entry.bytes.slice()),
        getSizeAsync: () => Promise.resolve({ width: entry.width, height: entry.height }),
      };
    },
    createVector(): FakeVector {
      const v = created(new FakeVector(record, 'Vector'));
      root.appendChild(v);
      return v;
    },
    group(nodes: readonly FakeNode[], parent: FakeContainer, index?: number): FakeGroup {
      if (nodes.length === 0) throw new Error('figma.group: at least one node is required');
      const g = created(new FakeGroup(record, 'Group'));
      parent.insertChild(index ?? parent.childList.length, g);
      // Children keep their relativeTransform (as with appendChild).
      for (const n of nodes) g.appendChild(n);
      return g;
    },
    clientStorage: {
      getAsync: (key: string): Promise<unknown> => Promise.resolve(structuredClone(storage.get(key))),
      setAsync: (key: string, value: unknown): Promise<void> => {
        const next = new Map(storage).set(key, structuredClone(value));
        if (storedSize(next) > CLIENT_STORAGE_QUOTA)
          return Promise.reject(new Error(`clientStorage: the plugin's ${CLIENT_STORAGE_QUOTA / 1024 / 1024} MB quota is used up`));
        storage.set(key, structuredClone(value));
        return Promise.resolve();
      },
    },
  };

  return {
    api,
    root,
    log,
    notifications,
    toUi,
    storage,
    get shownUi() {
      return shownUi;
    },
    get closed() {
      return closed;
    },
    addImage(entry: ImageEntry): string {
      const hash = `hash${images.size + 1}`;
      images.set(hash, entry);
      return hash;
    },
    addFrame(name: string, transform: Transform, parent: FakeContainer = root): FakeFrame {
      const f = new FakeFrame(record, name);
      f.relativeTransform = transform;
      parent.appendChild(f);
      return f;
    },
    addRectangle(name: string, size: { width: number; height: number }, parent: FakeContainer = root): FakeRectangle {
      const r = new FakeRectangle(record, name);
      r.resize(size.width, size.height);
      parent.appendChild(r);
      return r;
    },
    select(nodes: readonly FakeNode[]): void {
      root.selection = nodes;
      for (const h of selectionHandlers) h();
    },
    /** Figma fires 'run' after loading the code (with parameters when run as a quick action). */
    run(parameters?: ParameterValues): void {
      for (const h of runHandlers) h({ command: '', ...(parameters ? { parameters } : {}) });
    },
    /** Types in the quick action's parameter box; resolves with the suggestions the plugin offers. */
    async suggest(query: string): Promise<string[]> {
      return new Promise((resolve) => {
        for (const h of inputHandlers) {
          h({
            key: 'text',
            query,
            parameters: {},
            result: {
              setSuggestions: (s: (string | { name: string })[]) => resolve(s.map((x) => (typeof x === 'string' ? x : x.name))),
              setError: () => resolve([]),
              setLoadingMessage: () => undefined,
            },
          });
        }
      });
    },
    /** Calls `listener` with every message the plugin posts to the UI from now on; returns the unsubscribe function. */
    onUiMessage(listener: (msg: unknown) => void): () => void {
      toUiListeners.add(listener);
      return () => toUiListeners.delete(listener);
    },
    /** Delivers a message as if the UI called parent.postMessage({pluginMessage}). */
    sendFromUi(msg: unknown): void {
      if (!onmessage) throw new Error('fake: the plugin set no figma.ui.onmessage');
      onmessage(structuredClone(msg), { origin: 'null' });
    },
  };
};

export type FigmaFake = ReturnType<typeof createFigmaFake>;
