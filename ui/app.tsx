/** The plugin UI's root component: shows the selection the sandbox sent and what happened to each image. */
import { useEffect, useState } from 'preact/hooks';
import type { ImageInfo, SelectionProblem, ToUi } from '../plugin/protocol/messages';
import type { SandboxChannel } from './channel/sandbox-channel';
import { decodeImageAsync } from './image/decode-image';

type ImageState = ImageInfo & { status: 'loading' | 'ready' | 'failed'; detail: string };

interface SelectionState {
  seq: number;
  images: ImageState[];
  problems: SelectionProblem[];
  hint: string | null;
}

export const App = ({ channel, channelError }: { channel: SandboxChannel; channelError: string | null }) => {
  const [selection, setSelection] = useState<SelectionState>({ seq: 0, images: [], problems: [], hint: null });

  useEffect(() => {
    const update = (seq: number, nodeId: string, patch: Partial<ImageState>): void =>
      setSelection((s) =>
        s.seq !== seq ? s : { ...s, images: s.images.map((i) => (i.nodeId === nodeId ? { ...i, ...patch } : i)) },
      );
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
          (rgba) => update(seq, image.nodeId, { status: 'ready', detail: `${rgba.width}×${rgba.height} px` }),
          (error: unknown) => {
            const reason = error instanceof Error ? error.message : String(error);
            update(seq, image.nodeId, { status: 'failed', detail: reason });
            channel.send({ type: 'image-undecodable', nodeId: image.nodeId, nodeName: image.nodeName, reason });
          },
        );
      }
    });
    channel.send({ type: 'ui-ready' });
    return off;
  }, [channel]);

  return (
    <main class="panel">
      {channelError && <p class="error">{channelError}</p>}
      {selection.hint && <p class="hint">{selection.hint}</p>}
      <ul class="images">
        {selection.images.map((i) => (
          <li key={i.nodeId} data-status={i.status}>
            <strong>{i.nodeName}</strong> — <span class={i.status === 'failed' ? 'error' : ''}>{i.detail}</span>
            {i.notes.map((n) => (
              <div class="hint" key={n}>
                {n}
              </div>
            ))}
          </li>
        ))}
      </ul>
      {selection.problems.map((p) => (
        <p class="problem" key={p.nodeId} data-code={p.code}>
          {p.message}
        </p>
      ))}
    </main>
  );
};
