/**
 * A stand-in for the Figma sandbox, speaking the same protocol to the real
 * dist/ui.html in an iframe: it "selects" image layers (photos the playground
 * loaded), answers settings requests from localStorage, and turns `apply` into
 * layers the page renders as SVG. Incoming messages are validated like the real
 * sandbox does.
 */
import { DEFAULT_SETTINGS, parseToSandbox, settingsSchema, type CutoutLayer, type Settings, type ToUi } from '../../contracts/sandbox';
import { answerRequestAsync, isRequest, type ReplyBody, type RequestOf, type RequestType } from '../../contracts/sandbox-requests';

export interface PlaygroundImage {
  nodeId: string;
  name: string;
  hash: string;
  bytes: Uint8Array;
  width: number;
  height: number;
}

export interface AppliedGroup {
  id: string;
  name: string;
  image: PlaygroundImage;
  clip: boolean;
  layers: (CutoutLayer & { name: string; id: string })[];
}

export interface SandboxEvents {
  onApplied(group: AppliedGroup): void;
  onNotify(text: string, error: boolean): void;
  onClose(): void;
}

const SETTINGS_KEY = 'seem-cutout-playground-settings';

export class SimulatedSandbox {
  private images: PlaygroundImage[] = [];
  /** The "document": every layer ever selected, until removed (apply finds its layers here, selected or not). */
  private readonly nodes = new Map<string, PlaygroundImage>();
  private seq = 0;
  private nextId = 1;
  private vocabulary: string[] = [];

  constructor(
    private readonly post: (msg: ToUi) => void,
    private readonly events: SandboxEvents,
    /** Under what the designer saved in Settings (the playground's own model host URL). */
    private readonly settingsDefaults: Partial<Settings> = {},
    /** Over it (the page's `?host=`, for tests and links). */
    private readonly settingsOverride: Partial<Settings> = {},
  ) {}

  get words(): readonly string[] {
    return this.vocabulary;
  }

  select(images: PlaygroundImage[]): void {
    this.images = images;
    for (const i of images) this.nodes.set(i.nodeId, i);
    this.sendSelection();
  }

  /** Deletes a layer, as a designer might mid-batch: like Figma, a selected layer leaves the selection (pushed again). */
  remove(nodeId: string): void {
    this.nodes.delete(nodeId);
    if (!this.images.some((i) => i.nodeId === nodeId)) return;
    this.images = this.images.filter((i) => i.nodeId !== nodeId);
    this.sendSelection();
  }

  /** Figma's command bar → "Cut out" <text> on the current selection (the quick action). */
  runQuick(text: string): void {
    this.post({ type: 'run-quick', text });
  }

  /** Refuses what Figma's sandbox refuses (plugin/write): a deleted layer, or one whose image changed since. */
  private nodeFor(nodeId: string, imageHash: string): PlaygroundImage {
    const image = this.nodes.get(nodeId);
    if (!image) throw new Error('The image layer no longer exists. Select it again.');
    if (image.hash !== imageHash) throw new Error(`The image in “${image.name}” changed since it was segmented. Segment it again.`);
    return image;
  }

  private group(image: PlaygroundImage, msg: { layers: readonly CutoutLayer[]; clip: boolean }): AppliedGroup {
    const seen = new Map<string, number>();
    const layers = msg.layers.map((l) => {
      const n = (seen.get(l.category) ?? 0) + 1;
      seen.set(l.category, n);
      return { ...l, name: n === 1 ? l.category : `${l.category} ${n}`, id: `layer-${this.nextId++}` };
    });
    return { id: `group-${this.nextId++}`, name: `Cutout · ${image.name}`, image, clip: msg.clip, layers };
  }

  private sendSelection(): void {
    const seq = ++this.seq;
    const info = (i: PlaygroundImage) => ({
      nodeId: i.nodeId,
      nodeName: i.name,
      imageHash: i.hash,
      geometry: {
        imageWidth: i.width,
        imageHeight: i.height,
        nodeWidth: i.width,
        nodeHeight: i.height,
        scaleMode: 'FILL' as const,
        rotation: 0,
        imageTransform: null,
      },
      notes: [],
    });
    this.post({
      type: 'selection',
      seq,
      images: this.images.map(info),
      problems: [],
      hint: this.images.length === 0 ? 'Choose a photo on the left (or drop your own image).' : null,
    });
    for (const i of this.images) this.post({ type: 'image', seq, image: { ...info(i), bytes: i.bytes.slice() } });
  }

  private settings(): Settings {
    try {
      const stored = localStorage.getItem(SETTINGS_KEY);
      return settingsSchema.parse({
        ...DEFAULT_SETTINGS,
        ...this.settingsDefaults,
        ...(stored ? (JSON.parse(stored) as object) : {}),
        ...this.settingsOverride,
      });
    } catch {
      return { ...DEFAULT_SETTINGS, ...this.settingsDefaults, ...this.settingsOverride };
    }
  }

  /** Handles one raw message from the UI iframe. */
  receive(raw: unknown): void {
    let msg;
    try {
      msg = parseToSandbox(raw);
    } catch (error) {
      this.events.onNotify(`rejected a malformed message from the UI (${String(error)})`, true);
      return;
    }
    if (isRequest(msg)) {
      // Answered through the same request/reply layer as the real sandbox (one reply or error, with a time limit).
      this.answerAsync(msg).catch((error: unknown) => this.events.onNotify(error instanceof Error ? error.message : String(error), true));
      return;
    }
    switch (msg.type) {
      case 'ui-ready':
        this.sendSelection();
        return;
      case 'image-undecodable':
        this.events.onNotify(`the image in “${msg.nodeName}” could not be decoded (${msg.reason})`, true);
        return;
      case 'notify':
        this.events.onNotify(msg.text, msg.error);
        return;
      case 'vocabulary':
        this.vocabulary = msg.words;
        return;
      case 'close':
        this.events.onClose();
        return;
    }
  }

  private readonly handlers: { [T in RequestType]: (msg: RequestOf<T>) => Promise<ReplyBody<T>> } = {
    // Synchronous work; a throw is answered as an error reply all the same.
    'settings-get': () => Promise.resolve({ settings: this.settings() }),
    'settings-set': (msg) => {
      localStorage.setItem(SETTINGS_KEY, JSON.stringify(msg.settings));
      return Promise.resolve({ settings: this.settings() });
    },
    apply: (msg) => {
      const group = this.group(this.nodeFor(msg.nodeId, msg.imageHash), msg);
      this.events.onApplied(group);
      this.events.onNotify(`added ${group.layers.length} layer${group.layers.length === 1 ? '' : 's'}`, false);
      return Promise.resolve({ groupId: group.id, layerIds: group.layers.map((l) => l.id) });
    },
    // Checks every item first, then "writes" the rest together, as the real sandbox's one undo step does.
    'apply-batch': (msg) => {
      const refused: { nodeId: string; nodeName: string; reason: string }[] = [];
      const groups = msg.items.flatMap((item) => {
        try {
          return [{ nodeId: item.nodeId, group: this.group(this.nodeFor(item.nodeId, item.imageHash), { layers: item.layers, clip: msg.clip }) }];
        } catch (error) {
          refused.push({ nodeId: item.nodeId, nodeName: item.nodeName, reason: error instanceof Error ? error.message : String(error) });
          return [];
        }
      });
      for (const g of groups) this.events.onApplied(g.group);
      const n = groups.reduce((sum, g) => sum + g.group.layers.length, 0);
      const names = refused.map((r) => `“${r.nodeName}” (${r.reason})`).join('; ');
      this.events.onNotify(`added ${n} layer${n === 1 ? '' : 's'} over ${groups.length} images${names ? `. Not written: ${names}` : ''}`, refused.length > 0);
      return Promise.resolve({ written: groups.map((g) => ({ nodeId: g.nodeId, groupId: g.group.id, layerIds: g.group.layers.map((l) => l.id) })), refused });
    },
  };

  private async answerAsync<T extends RequestType>(msg: RequestOf<T>): Promise<void> {
    const failure = await answerRequestAsync(msg, this.handlers[msg.type], this.post);
    if (failure) this.events.onNotify(failure.message, true);
  }
}
