/**
 * The playground (`npm start`): the real built dist/ui.html in a sandboxed,
 * opaque-origin iframe (as Figma hosts it), next to a simulated sandbox. Pick a
 * demo photo or drop your own, prompt, apply: the applied layers render as SVG
 * beside the image, with a download button.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Settings, ToUi } from '../../contracts/sandbox';
import { colourScene, triangleImage } from './colour-scene';
import { SimulatedSandbox, type AppliedGroup, type PlaygroundImage } from './simulated-sandbox';
import { groupToSvg } from './svg-export';
import { MIME, sniffImageFormat } from '../image/sniff-format';

interface PlaygroundConfig {
  photos: { file: string; title: string }[];
  hostUrl: string;
}

const config = (globalThis as unknown as { PLAYGROUND: PlaygroundConfig }).PLAYGROUND;

const hashOf = async (bytes: Uint8Array): Promise<string> =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-1', bytes.slice().buffer))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** A dropped or picked file as a selected image layer; a file Figma could not hold as an image fill is a named error. */
const asImage = async (name: string, bytes: Uint8Array, n: number): Promise<PlaygroundImage> => {
  const format = sniffImageFormat(bytes);
  if (!format || format === 'webp') {
    const svg = /\.svg$/i.test(name) || new TextDecoder().decode(bytes.subarray(0, 512)).includes('<svg');
    throw new Error(
      `“${name}” is not a PNG, JPEG or GIF image${svg ? ' (SVG is vector art: Figma gives plugins raster image fills only)' : bytes.length === 0 ? ' (it is empty)' : ''}`,
    );
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes.slice()], { type: MIME[format] }));
  } catch {
    throw new Error(`“${name}”: the ${format.toUpperCase()} data is corrupt or unsupported`);
  }
  const image = { nodeId: `1:${n}`, name, hash: await hashOf(bytes), bytes, width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return image;
};

const pngOf = async (rgba: { width: number; height: number; data: Uint8ClampedArray }): Promise<Uint8Array> => {
  const c = new OffscreenCanvas(rgba.width, rgba.height);
  c.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(rgba.data), rgba.width, rgba.height), 0, 0);
  return new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
};

const Playground = () => {
  const frame = useRef<HTMLIFrameElement>(null);
  const [srcdoc, setSrcdoc] = useState<string | null>(null);
  const [images, setImages] = useState<PlaygroundImage[]>([]);
  const [groups, setGroups] = useState<AppliedGroup[]>([]);
  const [toast, setToast] = useState<{ text: string; error: boolean } | null>(null);
  const sandbox = useRef<SimulatedSandbox | null>(null);
  const urls = useRef(new Map<string, string>());

  const hrefOf = (img: PlaygroundImage): string => {
    let u = urls.current.get(img.hash);
    if (!u) {
      u = URL.createObjectURL(new Blob([img.bytes.slice()]));
      urls.current.set(img.hash, u);
    }
    return u;
  };

  useEffect(() => {
    fetch('/ui.html')
      .then((r) => r.text())
      .then(setSrcdoc, (e: unknown) => setToast({ text: `could not load dist/ui.html: ${String(e)}`, error: true }));
    // The host field in Settings wins over the playground's own host; `?host=` wins over both.
    const query = new URLSearchParams(location.search);
    const hostParam = query.get('host');
    const overrides: Partial<Settings> = hostParam === null ? {} : { modelHostUrl: hostParam };
    // ?source=<folder URL>: load the bundle from a static folder (e.g. a Hub repo) instead of the host.
    const source = query.get('source');
    if (source) overrides.modelSource = source;
    sandbox.current = new SimulatedSandbox(
      (msg: ToUi) => frame.current?.contentWindow?.postMessage({ pluginMessage: msg, pluginId: 'playground' }, '*'),
      {
        onApplied: (g) => setGroups((gs) => [...gs, g]),
        onNotify: (text, error) => setToast({ text, error }),
        onClose: () => setToast({ text: 'the plugin closed itself (quick action done)', error: false }),
      },
      { modelHostUrl: config.hostUrl },
      overrides,
    );
    const onMessage = (e: MessageEvent<unknown>) => {
      if (e.source !== frame.current?.contentWindow) return;
      const data = e.data as { pluginMessage?: unknown } | null;
      if (data && typeof data === 'object' && 'pluginMessage' in data) sandbox.current?.receive(data.pluginMessage);
    };
    window.addEventListener('message', onMessage);
    (globalThis as unknown as { playground: unknown }).playground = { groups: () => groupsRef.current, sandbox: sandbox.current };
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const groupsRef = useRef(groups);
  groupsRef.current = groups;

  // Files that are not images are reported and left out; the others are selected.
  const choose = async (list: Promise<PlaygroundImage>[]) => {
    const settled = await Promise.allSettled(list);
    const imgs = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const errors = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
    setToast(errors.length ? { text: errors.join('; '), error: true } : null);
    if (imgs.length === 0 && errors.length > 0) return;
    setImages(imgs);
    sandbox.current?.select(imgs);
  };
  const photo = async (file: string, n: number) => asImage(file, new Uint8Array(await (await fetch(`/photos/${file}`)).arrayBuffer()), n);

  const download = async (g: AppliedGroup) => {
    // The downloaded SVG carries its photo inline, so clipped cutouts open anywhere.
    const dataUrl = await new Promise<string>((resolve) => {
      const r = new FileReader();
      // readAsDataURL's result is a string.
      r.onload = () => resolve(r.result as string);
      r.readAsDataURL(new Blob([g.image.bytes.slice()]));
    });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([groupToSvg(g, dataUrl)], { type: 'image/svg+xml' }));
    a.download = `${g.name.replace(/[^\w.-]+/g, '_')}.svg`;
    a.click();
  };

  return (
    <div
      class="playground"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        const files = [...(e.dataTransfer?.files ?? [])];
        void choose(files.map(async (f, i) => asImage(f.name, new Uint8Array(await f.arrayBuffer()), 100 + i)));
      }}
    >
      <aside>
        <h1>SEEM Cutout playground</h1>
        <p class="note">The real plugin UI (dist/ui.html) in a sandboxed iframe; this page plays Figma.</p>
        <h2>Select</h2>
        <button data-photo="colour-scene" onClick={() => void choose([pngOf(colourScene().image).then((b) => asImage('Colour test scene', b, 1))])}>
          Colour test scene
        </button>
        <button
          data-photo="colour-scene+triangle"
          onClick={() =>
            void choose([
              pngOf(colourScene().image).then((b) => asImage('Colour test scene', b, 1)),
              pngOf(triangleImage().image).then((b) => asImage('Red triangle', b, 2)),
            ])
          }
        >
          Scene + reference
        </button>
        {config.photos.map((p, i) => (
          <button key={p.file} data-photo={p.file} title={p.title} onClick={() => void choose([photo(p.file, 10 + i)])}>
            {p.file}
          </button>
        ))}
        <label>
          or your own image{' '}
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif"
            multiple
            onChange={(e) =>
              void choose([...(e.currentTarget.files ?? [])].map(async (f, i) => asImage(f.name, new Uint8Array(await f.arrayBuffer()), 100 + i)))
            }
          />
        </label>
        {toast && <p class={toast.error ? 'toast error' : 'toast'}>{toast.text}</p>}
      </aside>
      {srcdoc && <iframe ref={frame} title="SEEM Cutout plugin UI" sandbox="allow-scripts" srcdoc={srcdoc} width={360} height={860} />}
      <section class="layers" aria-label="Applied layers">
        <h2>Canvas</h2>
        {images[0] && groups.length === 0 && <img src={hrefOf(images[0])} width={Math.min(480, images[0].width)} alt={images[0].name} />}
        {groups.map((g) => (
          <figure key={g.id} data-group={g.id}>
            <div class="stack" style={{ width: `${Math.min(480, g.image.width)}px` }}>
              <img src={hrefOf(g.image)} alt={g.image.name} />
              <div dangerouslySetInnerHTML={{ __html: groupToSvg(g, hrefOf(g.image)) }} />
            </div>
            <figcaption>
              {g.name}: {g.layers.map((l) => l.name).join(', ')} <button onClick={() => void download(g)}>Download SVG</button>
            </figcaption>
          </figure>
        ))}
      </section>
    </div>
  );
};

const root = document.getElementById('root');
if (root) render(<Playground />, root);
