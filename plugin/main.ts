/**
 * The Figma sandbox entry (no DOM). It reads the selected image layers and hands
 * them to the UI iframe, and writes the masks the UI sends back as vector layers.
 * All traffic goes through the typed protocol in `./protocol/messages`.
 */
import { parseToSandbox, type ToSandbox, type ToUi } from './protocol/messages';
import { readSelectionAsync } from './read/read-selection';
import { loadSettingsAsync, saveSettingsAsync } from './settings-store';
import { UserError, writeCutoutAsync } from './write/write-cutout';

const UI_SIZE = { width: 360, height: 600 };

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

const handleAsync = async (msg: ToSandbox): Promise<void> => {
  switch (msg.type) {
    case 'ui-ready':
      return sendSelectionAsync();
    case 'apply':
      try {
        const result = await writeCutoutAsync(msg);
        post({ type: 'apply-done', requestId: msg.requestId, ...result });
        const n = result.layerIds.length;
        figma.notify(`SEEM Cutout: added ${n} layer${n === 1 ? '' : 's'}.`);
      } catch (error) {
        const message = errorText(error);
        post({ type: 'error', requestId: msg.requestId, message });
        figma.notify(`SEEM Cutout: ${message}`, { error: true });
        if (!(error instanceof UserError)) console.error(error);
      }
      return;
    case 'image-undecodable':
      figma.notify(`SEEM Cutout: the image in “${msg.nodeName}” could not be decoded (${msg.reason}).`, { error: true });
      return;
    case 'settings-get':
      post({ type: 'settings', requestId: msg.requestId, settings: await loadSettingsAsync() });
      return;
    case 'settings-set':
      await saveSettingsAsync(msg.settings);
      post({ type: 'settings', requestId: msg.requestId, settings: msg.settings });
      return;
    case 'notify':
      figma.notify(msg.text, { error: msg.error });
      return;
    case 'close':
      figma.closePlugin();
      return;
  }
};

figma.showUI(__html__, { ...UI_SIZE, title: 'SEEM Cutout', themeColors: true });

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
  handleAsync(msg).catch((error: unknown) => {
    console.error(error);
    figma.notify(`SEEM Cutout: ${errorText(error)}`, { error: true });
  });
};

figma.on('selectionchange', () => {
  sendSelectionAsync().catch((error: unknown) => figma.notify(`SEEM Cutout: ${errorText(error)}`, { error: true }));
});
