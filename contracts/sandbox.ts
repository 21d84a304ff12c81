/**
 * The sandbox ↔ UI channel: every message either side may send, declared once.
 * Both `plugin/` (Figma sandbox) and `ui/` (iframe) import this file; each side
 * validates what it receives with `parseToUi` / `parseToSandbox`.
 *
 * Coordinates: image-pixel space is the raw image's pixels (origin top-left,
 * x right, y down, pixel centres at +0.5). Node-local space is the image node's
 * own coordinate system in Figma units. `plugin/geometry` maps one to the other.
 */
import { array, boolean, bytes, integer, literal, nullable, number, object, oneOfLiterals, optional, string, tuple, union, type Infer } from './schema';
import { PRECISION_PREFERENCES } from './precision-names';

/** Figma's 2×3 affine `[[a, b, tx], [c, d, ty]]`: x' = a·x + b·y + tx, y' = c·x + d·y + ty. */
export const transformSchema = tuple([tuple([number, number, number]), tuple([number, number, number])]);
export type Matrix = Infer<typeof transformSchema>;

/** How an image fill sits in its node, as Figma's ImagePaint describes it. TILE is refused at read-in. */
export const imageGeometrySchema = object({
  /** Raw image size in pixels (`Image.getSizeAsync`). */
  imageWidth: number,
  imageHeight: number,
  /** Node size in Figma units (`node.width/height`). */
  nodeWidth: number,
  nodeHeight: number,
  scaleMode: oneOfLiterals(['FILL', 'FIT', 'CROP'] as const),
  /** Degrees, a multiple of 90 (FILL/FIT only; 0 for CROP). */
  rotation: number,
  /** CROP only: maps node-normalised (x/w, y/h) to image-normalised (u, v). */
  imageTransform: nullable(transformSchema),
});
export type ImageGeometry = Infer<typeof imageGeometrySchema>;

const imageInfoShape = {
  nodeId: string,
  nodeName: string,
  imageHash: string,
  geometry: imageGeometrySchema,
  /** Notes for the designer, e.g. "2 image fills: using the top visible one". */
  notes: array(string),
};
export const imageInfoSchema = object(imageInfoShape);
export type ImageInfo = Infer<typeof imageInfoSchema>;

export const selectionProblemSchema = object({
  nodeId: string,
  nodeName: string,
  code: oneOfLiterals(['no-image-fill', 'tile-not-supported', 'image-missing'] as const),
  message: string,
});
export type SelectionProblem = Infer<typeof selectionProblemSchema>;

const colorSchema = object({ r: number, g: number, b: number, a: number });
export type Rgba = Infer<typeof colorSchema>;

/** One accepted mask, as vector path data in IMAGE-PIXEL space (absolute M/L/C/Z). */
export const cutoutLayerSchema = object({
  category: string,
  score: number,
  color: colorSchema,
  path: object({ windingRule: oneOfLiterals(['EVENODD', 'NONZERO'] as const), data: string }),
});
export type CutoutLayer = Infer<typeof cutoutLayerSchema>;

export const settingsSchema = object({
  modelHostUrl: string,
  backend: oneOfLiterals(['auto', 'webgpu', 'wasm', 'remote-encoder'] as const),
  bundleId: string,
  refineEdges: boolean,
  /** Segment everything's thresholds; absent: the model's own (seem.json `scores`, from its upstream config). */
  everythingObjectThreshold: optional(number),
  everythingOverlapThreshold: optional(number),
  /** Which precision of the bundle's graphs runs (docs/model-bundle.md); absent: "auto" (by backend). */
  precision: optional(oneOfLiterals(PRECISION_PREFERENCES)),
  /** Hover preview; absent: "auto" (on when a measured decode takes ≤ HOVER_BUDGET_MS). */
  hoverPreview: optional(oneOfLiterals(['auto', 'on', 'off'] as const)),
  /** Where the model comes from: absent → the model host (`modelHostUrl`, `bundleId`); else the URL of a static folder holding a bundle (e.g. the Hugging Face Hub's …/resolve/main/). */
  modelSource: optional(string),
  /** The static-folder sources added in Settings, offered beside the model host. */
  modelSources: optional(array(string, 32)),
});
export type Settings = Infer<typeof settingsSchema>;

/** Messages the sandbox sends to the UI. */
export const toUiSchema = union('sandbox→ui', {
  /**
   * The current selection, sent on start and on every `selectionchange`. `seq` grows
   * by one each time; the images follow as `image` messages with the same `seq`.
   */
  selection: object({
    type: literal('selection'),
    seq: integer,
    images: array(imageInfoSchema),
    problems: array(selectionProblemSchema),
    /** Set when nothing usable is selected: what the designer should do. */
    hint: nullable(string),
  }),
  /** One image's encoded bytes (PNG/JPEG/GIF as stored in Figma): one image per message. */
  image: object({ type: literal('image'), seq: integer, image: object({ ...imageInfoShape, bytes }) }),
  'apply-done': object({
    type: literal('apply-done'),
    requestId: integer,
    groupId: string,
    layerIds: array(string),
  }),
  settings: object({ type: literal('settings'), requestId: integer, settings: settingsSchema }),
  /** A batch apply's answer: what was written (one undo step for all) and which layers were refused, and why. */
  'apply-batch-done': object({
    type: literal('apply-batch-done'),
    requestId: integer,
    written: array(object({ nodeId: string, groupId: string, layerIds: array(string) })),
    refused: array(object({ nodeId: string, nodeName: string, reason: string })),
  }),
  /** Quick action ("Cut out" with a text parameter): segment that text on the first image and apply. */
  'run-quick': object({ type: literal('run-quick'), text: string }),
  /** A request failed in the sandbox; `requestId` names which. */
  error: object({ type: literal('error'), requestId: integer, message: string }),
});
export type ToUi = Infer<typeof toUiSchema>;

/** Messages the UI sends to the sandbox. */
export const toSandboxSchema = union('ui→sandbox', {
  /** The UI is listening: the sandbox answers with the current selection. */
  'ui-ready': object({ type: literal('ui-ready') }),
  /** Write accepted masks as vector layers over `nodeId` (never modifying it). */
  apply: object({
    type: literal('apply'),
    requestId: integer,
    nodeId: string,
    /** The image hash the masks were computed on: refused if the node's fill changed since. */
    imageHash: string,
    layers: array(cutoutLayerSchema, 256),
    clip: boolean,
  }),
  /**
   * A batch's accepted results, each over its own source layer, written in ONE undo step. A layer deleted or
   * whose image changed since it was segmented is refused (named in the reply and a notification); the others are written.
   */
  'apply-batch': object({
    type: literal('apply-batch'),
    requestId: integer,
    items: array(object({ nodeId: string, nodeName: string, imageHash: string, layers: array(cutoutLayerSchema, 256) }), 500),
    clip: boolean,
  }),
  /** The UI could not decode an image's bytes: the sandbox tells the designer. */
  'image-undecodable': object({
    type: literal('image-undecodable'),
    nodeId: string,
    nodeName: string,
    reason: string,
  }),
  'settings-get': object({ type: literal('settings-get'), requestId: integer }),
  'settings-set': object({ type: literal('settings-set'), requestId: integer, settings: settingsSchema }),
  notify: object({ type: literal('notify'), text: string, error: boolean }),
  /** The categories the loaded model knows, kept for the quick action's suggestions. */
  vocabulary: object({ type: literal('vocabulary'), words: array(string, 5_000) }),
  close: object({ type: literal('close') }),
});
export type ToSandbox = Infer<typeof toSandboxSchema>;

export const parseToUi = (raw: unknown): ToUi => toUiSchema.parse(raw);
export const parseToSandbox = (raw: unknown): ToSandbox => toSandboxSchema.parse(raw);

export const DEFAULT_SETTINGS: Settings = {
  modelHostUrl: 'http://127.0.0.1:8765',
  backend: 'auto',
  bundleId: 'seem-demo-colour',
  refineEdges: true,
};
