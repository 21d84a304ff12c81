/**
 * What the sandbox tells the UI: the selection (a summary, then each image's bytes, decoded here),
 * the stored settings, and quick-action requests. Undecodable images are reported back by layer.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ImageInfo, SelectionProblem, Settings, ToUi } from '../../contracts/sandbox';
import type { SandboxChannel } from '../channel/sandbox-channel';
import { decodeImageAsync } from '../image/decode-image';
import type { RgbaImage } from '../image/rgba-image';
import { errorText, type SetStatus } from '../state/status-line';

/** `bytes`: the image as Figma stores it (PNG/JPEG/GIF), kept for a batch, which decodes it again in the worker. */
export type LoadedImage = ImageInfo & { status: 'loading' | 'ready' | 'failed'; detail: string; rgba?: RgbaImage; bytes?: Uint8Array };

export interface Selection {
  seq: number;
  images: LoadedImage[];
  problems: SelectionProblem[];
  hint: string | null;
}

export const useSandboxSelection = (channel: SandboxChannel, setStatus: SetStatus) => {
  const [selection, setSelection] = useState<Selection>({ seq: 0, images: [], problems: [], hint: null });
  const [settings, setSettings] = useState<Settings | null>(null);
  const [quick, setQuick] = useState<string | null>(null);

  useEffect(() => {
    const update = (seq: number, nodeId: string, patch: Partial<LoadedImage>): void =>
      setSelection((s) => (s.seq !== seq ? s : { ...s, images: s.images.map((i) => (i.nodeId === nodeId ? { ...i, ...patch } : i)) }));
    const off = channel.on((msg: ToUi) => {
      if (msg.type === 'selection') {
        setSelection({
          seq: msg.seq,
          images: msg.images.map((i) => ({ ...i, status: 'loading', detail: 'reading…' })),
          problems: msg.problems,
          hint: msg.hint,
        });
      } else if (msg.type === 'image') {
        const { image, seq } = msg;
        decodeImageAsync(image.bytes).then(
          (rgba) => update(seq, image.nodeId, { status: 'ready', detail: `${rgba.width}×${rgba.height}`, rgba, bytes: image.bytes }),
          (error: unknown) => {
            const reason = errorText(error);
            update(seq, image.nodeId, { status: 'failed', detail: reason, bytes: image.bytes });
            channel.send({ type: 'image-undecodable', nodeId: image.nodeId, nodeName: image.nodeName, reason });
          },
        );
      } else if (msg.type === 'run-quick') {
        setQuick(msg.text);
      }
    });
    channel.send({ type: 'ui-ready' });
    channel.request('settings-get', {}).then(
      (r) => setSettings(r.settings),
      (e: unknown) => setStatus({ text: `Settings could not be read: ${errorText(e)}`, error: true }),
    );
    return off;
  }, [channel]);

  return { selection, settings, setSettings, quick, clearQuick: () => setQuick(null) };
};
