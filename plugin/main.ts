/**
 * The Figma sandbox entry (no DOM). It reads the selected image layers and hands
 * them to the UI iframe, and writes the masks the UI sends back as vector layers.
 * All traffic goes through the typed protocol in `contracts/sandbox.ts`.
 */
import { parseToSandbox, type ToSandbox, type ToUi } from '../contracts/sandbox';
import { answerRequestAsync, isRequest, type ReplyBody, type RequestMessage, type RequestOf, type RequestType } from '../contracts/sandbox-requests';
import { readSelectionAsync } from './read/read-selection';
import { loadSettingsAsync, saveSettingsAsync } from './settings-store';
import { writeBatchAsync } from './write/batch-apply';
import { UserError, writeCutoutAsync } from './write/write-cutout';

const UI_SIZE = { width: 360, height: 640 };
/** The quick action shows only progress. */
const QUICK_UI_SIZE = { width: 300, height: 120 };
const VOCABULARY_KEY = 'vocabulary.v1';
const DEFAULT_SUGGESTIONS = ['person', 'cat', 'dog', 'car', 'sky', 'tree', 'building', 'red', 'blue', 'green'];

const post = (msg: ToUi): void => figma.ui.postMessage(msg);

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

let selectionSeq = 0;

/** Sends the selection summary, then one `image` message per image (never all bytes at once). */
const sendSelectionAsync = async (): Promise<void> => {
  const seq = ++selectionSeq;
  const read = await readSelectionAsync(figma.currentPage.selection);
  if (seq !== selectionSeq) return; // the selection changed while reading: a newer send is under way
  post({
    type: 'selection',
    seq,
    images: read.images.map(({ bytes: _bytes, ...info }) => info),
    problems: read.problems,
    hint: read.hint,
  });
  for (const image of read.images) post({ type: 'image', seq, image });
};

/** The UI's requests; each is answered once (reply or error) by answerRequestAsync. */
const requestHandlers: { [T in RequestType]: (msg: RequestOf<T>) => Promise<ReplyBody<T>> } = {
  apply: async (msg) => {
    const result = await writeCutoutAsync(msg);
    const n = result.layerIds.length;
    figma.notify(`SEEM Cutout: added ${n} layer${n === 1 ? '' : 's'}.`);
    return result;
  },
  'apply-batch': async (msg) => {
    const result = await writeBatchAsync(msg);
    const n = result.written.reduce((sum, w) => sum + w.layerIds.length, 0);
    // Refused layers are named here too: the designer may not be looking at the plugin's window.
    const refused = result.refused.map((r) => `“${r.nodeName}” (${r.reason})`).join('; ');
    figma.notify(
      `SEEM Cutout: added ${n} layer${n === 1 ? '' : 's'} over ${result.written.length} image${result.written.length === 1 ? '' : 's'}.${refused ? ` Not written: ${refused}` : ''}`,
      { error: result.refused.length > 0 },
    );
    return result;
  },
  'settings-get': async () => ({ settings: await loadSettingsAsync() }),
  'settings-set': async (msg) => {
    await saveSettingsAsync(msg.settings);
    return { settings: msg.settings };
  },
};

const answerAsync = async <T extends RequestType>(msg: RequestOf<T>): Promise<void> => {
  const failure = await answerRequestAsync(msg, requestHandlers[msg.type], post);
  if (!failure) return;
  // The UI shows the error too; the notification reaches a designer whose UI is minimised.
  figma.notify(`SEEM Cutout: ${failure.message}`, { error: true });
  if (!(failure instanceof UserError)) console.error(failure);
};

const handleAsync = async (msg: Exclude<ToSandbox, RequestMessage>): Promise<void> => {
  switch (msg.type) {
    case 'ui-ready':
      await sendSelectionAsync();
      if (quickText) {
        post({ type: 'run-quick', text: quickText });
        quickText = null;
      }
      return;
    case 'image-undecodable':
      figma.notify(`SEEM Cutout: the image in “${msg.nodeName}” could not be decoded (${msg.reason}).`, { error: true });
      return;
    case 'notify':
      figma.notify(msg.text, { error: msg.error });
      return;
    case 'close':
      figma.closePlugin();
      return;
    case 'vocabulary':
      await figma.clientStorage.setAsync(VOCABULARY_KEY, msg.words.slice(0, 2000));
      return;
  }
};

/** The quick action's text, sent once the UI is listening. */
let quickText: string | null = null;

figma.parameters.on('input', ({ query, result }: ParameterInputEvent) => {
  // Suggestions come from the last loaded model's vocabulary (kept in clientStorage).
  figma.clientStorage.getAsync(VOCABULARY_KEY).then(
    (stored: unknown) => {
      const words = Array.isArray(stored) ? stored.filter((w): w is string => typeof w === 'string') : DEFAULT_SUGGESTIONS;
      const q = query.trim().toLowerCase();
      result.setSuggestions(words.filter((w) => w.toLowerCase().includes(q)).slice(0, 50));
    },
    () => result.setSuggestions(DEFAULT_SUGGESTIONS),
  );
});

figma.on('run', ({ parameters }: RunEvent) => {
  // ParameterValues holds `any`: look at it as unknown until checked.
  const text: unknown = parameters?.text;
  if (typeof text === 'string' && text.trim()) {
    quickText = text.trim();
    if (figma.currentPage.selection.length === 0) {
      figma.notify('SEEM Cutout: select an image layer first, then run “Cut out”.', { error: true });
      figma.closePlugin();
      return;
    }
  }
  figma.showUI(
    __html__,
    quickText
      ? { ...QUICK_UI_SIZE, title: `SEEM Cutout — cutting out “${quickText}”`, themeColors: true }
      : { ...UI_SIZE, title: 'SEEM Cutout', themeColors: true },
  );
});

figma.ui.onmessage = (raw: unknown) => {
  let msg: ToSandbox;
  try {
    msg = parseToSandbox(raw);
  } catch (error) {
    // A malformed message is a bug in the UI: say so loudly, never guess what it meant.
    const text = `SEEM Cutout: rejected a malformed message from the UI (${errorText(error)}).`;
    console.error(text, raw);
    figma.notify(text, { error: true });
    return;
  }
  // answerAsync reports a failed request itself; what still lands here is another message's failure or a failed post.
  (isRequest(msg) ? answerAsync(msg) : handleAsync(msg)).catch((error: unknown) => {
    console.error(error);
    figma.notify(`SEEM Cutout: ${errorText(error)}`, { error: true });
  });
};

figma.on('selectionchange', () => {
  sendSelectionAsync().catch((error: unknown) => figma.notify(`SEEM Cutout: ${errorText(error)}`, { error: true }));
});
