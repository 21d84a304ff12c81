/**
 * The plugin UI: pick an image (and optionally a reference image), prompt with
 * clicks, boxes, brush strokes, text or a region on the reference, see masks with
 * their labels as you go (hover previews included), curate the list, and apply
 * them as vector layers — or cutouts — in one undo step.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { CutoutLayer, ImageInfo, SelectionProblem, Settings, ToUi } from '../plugin/protocol/messages';
import type { SandboxChannel } from './channel/sandbox-channel';
import { CanvasView, type Overlay, type Tool } from './components/canvas-view';
import { SegmentList } from './components/segment-list';
import { SettingsPanel } from './components/settings-panel';
import type { VisualPrompt } from './engine/prompts/types';
import { useEngine } from './hooks/use-engine';
import { useHoverPreview } from './hooks/use-hover-preview';
import { DecodeCost, HOVER_BUDGET_MS } from './hover/hover-scheduler';
import { decodeImageAsync } from './image/decode-image';
import type { RgbaImage } from './image/rgba-image';
import { emptySession, needsDecode, objectPrompt, promptKey, reduce, type CutObject } from './state/session';

type LoadedImage = ImageInfo & { status: 'loading' | 'ready' | 'failed'; detail: string; rgba?: RgbaImage };

interface Selection {
  seq: number;
  images: LoadedImage[];
  problems: SelectionProblem[];
  hint: string | null;
}

type EditorTool = Tool | 'reference';

const hex = (rgb: readonly number[]): string => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const fromHex = (h: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255) as [number, number, number];

export const App = ({ channel, channelError }: { channel: SandboxChannel; channelError: string | null }) => {
  const [selection, setSelection] = useState<Selection>({ seq: 0, images: [], problems: [], hint: null });
  const [settings, setSettings] = useState<Settings | null>(null);
  const [showSettings, setShowSettings] = useState(false);
  const [targetId, setTargetId] = useState<string | null>(null);
  const [referenceId, setReferenceId] = useState<string | null>(null);
  const [session, dispatch] = useReducer(reduce, undefined, emptySession);
  const [tool, setTool] = useState<EditorTool>('click');
  const [text, setText] = useState('');
  /** `retry`: an action that can recover from this error (the model host was down). */
  const [status, setStatus] = useState<{ text: string; error: boolean; retry?: () => void } | null>(null);
  const [encoded, setEncoded] = useState<Set<string>>(new Set());
  const encodedRef = useRef(encoded);
  encodedRef.current = encoded;
  const [apply, setApply] = useState({ clip: false, tolerance: 0.75, useFill: false, fill: '#18a0fb', opacity: 1 });
  const [quick, setQuick] = useState<string | null>(null);
  const engine = useEngine(settings);

  const target = selection.images.find((i) => i.nodeId === targetId) ?? selection.images[0];
  const reference = selection.images.find((i) => i.nodeId === referenceId && i.nodeId !== target?.nodeId);

  // Sandbox messages: the selection (then each image's bytes), quick action.
  useEffect(() => {
    const update = (seq: number, nodeId: string, patch: Partial<LoadedImage>): void =>
      setSelection((s) => (s.seq !== seq ? s : { ...s, images: s.images.map((i) => (i.nodeId === nodeId ? { ...i, ...patch } : i)) }));
    const off = channel.on((msg: ToUi) => {
      if (msg.type === 'selection') {
        setSelection({ seq: msg.seq, images: msg.images.map((i) => ({ ...i, status: 'loading', detail: 'reading…' })), problems: msg.problems, hint: msg.hint });
      } else if (msg.type === 'image') {
        const { image, seq } = msg;
        decodeImageAsync(image.bytes).then(
          (rgba) => update(seq, image.nodeId, { status: 'ready', detail: `${rgba.width}×${rgba.height}`, rgba }),
          (error: unknown) => {
            const reason = error instanceof Error ? error.message : String(error);
            update(seq, image.nodeId, { status: 'failed', detail: reason });
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
      (e: unknown) => setStatus({ text: `Settings could not be read: ${String(e)}`, error: true }),
    );
    return off;
  }, [channel]);

  // A new target image starts a new session, and the status line stops describing the previous image.
  useEffect(() => {
    dispatch({ type: 'reset' });
    clearHover();
    setStatus((st) => (target && st && !st.retry ? { text: encodedRef.current.has(target.imageHash) ? `Ready — ${target.nodeName}` : `${target.nodeName}: ${target.detail}`, error: false } : st));
  }, [target?.imageHash]);

  // Engine status → status line; vocabulary → the sandbox (quick-action suggestions).
  useEffect(() => {
    if (engine.status === 'ready') {
      const m = engine.info.model;
      setStatus({ text: `${m.name} on ${engine.info.backend}${engine.info.encoder === 'remote' ? ' (encoder on the model host)' : ''} — ${engine.info.reason}`, error: false });
      channel.send({ type: 'vocabulary', words: engine.info.categories.filter((c) => c !== 'background') });
    } else if (engine.status === 'error') {
      setStatus({ text: engine.message, error: true, retry: engine.retry });
    } else if (engine.status === 'loading') {
      const pct = engine.total ? ` ${Math.round((engine.loaded / engine.total) * 100)}% of ${(engine.total / 1e6).toFixed(1)} MB` : '';
      setStatus({
        text: engine.stage === 'session' ? `Preparing the model: starting ${engine.file}…` : `Loading model: ${engine.file}${engine.cached ? ' (from cache)' : pct}`,
        error: false,
      });
    }
  }, [engine, channel]);

  // Encode the target (and reference) once per image.
  const client = engine.status === 'ready' ? engine.client : null;
  // A new worker (settings changed, Retry) holds nothing yet.
  useEffect(() => setEncoded(new Set()), [client]);
  const [encodeAttempt, setEncodeAttempt] = useState(0);
  useEffect(() => {
    if (!client) return;
    for (const img of [target, reference]) {
      if (!img?.rgba || encoded.has(img.imageHash)) continue;
      const key = img.imageHash;
      setStatus({ text: `Encoding ${img.nodeName}…`, error: false });
      const t0 = performance.now();
      client.encodeAsync(key, img.rgba).then(
        () => {
          setEncoded((s) => new Set(s).add(key));
          setStatus({ text: `Ready — ${img.nodeName} encoded in ${Math.round(performance.now() - t0)} ms`, error: false });
        },
        (e: unknown) =>
          setStatus({ text: `Encoding failed: ${e instanceof Error ? e.message : String(e)}`, error: true, retry: () => setEncodeAttempt((n) => n + 1) }),
      );
    }
  }, [client, target?.rgba, reference?.rgba, encoded, encodeAttempt]);

  const ready = Boolean(client && target && encoded.has(target.imageHash) && (!reference || encoded.has(reference.imageHash)));

  // What a decode costs here (median of the last few): decides whether hover preview follows the pointer.
  const cost = useRef(new DecodeCost());
  const [hoverAllowed, setHoverAllowed] = useState(true);
  const recordDecode = useCallback((ms: number) => {
    cost.current.record(ms);
    setHoverAllowed(cost.current.allowsHover(HOVER_BUDGET_MS));
  }, []);
  useEffect(() => {
    cost.current = new DecodeCost();
    setHoverAllowed(true);
  }, [client]);

  // Decode prompted objects whose prompts changed. Latest wins in the worker; a decode
  // cancelled by a newer request is simply asked for again on the next pass. What each object's
  // result answers is recorded on the object (session.ts `decoded`), so a new session or image
  // — where object ids start again — never mistakes an old decode for its own.
  const currentImage = useRef<string | null>(null);
  currentImage.current = target?.imageHash ?? null;
  const [pump, setPump] = useState(0);
  useEffect(() => {
    if (!client || !target || !ready) return;
    const next = session.objects.find(needsDecode);
    if (!next) return;
    const prompt = objectPrompt(next);
    if (!prompt) return;
    const key = promptKey(next);
    const imageKey = target.imageHash;
    const t0 = performance.now();
    client.decodeAsync({ imageKey, objects: [prompt] }).then(
      (r) => {
        // The designer moved to another image meanwhile: this answer belongs to the old session.
        if (currentImage.current !== imageKey) return;
        if (r.status === 'done' && r.results[0]) {
          recordDecode(performance.now() - t0);
          dispatch({ type: 'result', id: next.id, result: r.results[0], forKey: key });
        }
        setPump((n) => n + 1);
      },
      (e: unknown) => {
        if (currentImage.current !== imageKey) return;
        const message = e instanceof Error ? e.message : String(e);
        dispatch({ type: 'decode-failed', id: next.id, forKey: key, message });
        setStatus({ text: `Segmentation failed: ${message}`, error: true });
      },
    );
  }, [client, ready, session.objects, pump, target?.imageHash]);

  const active = session.objects.find((o) => o.id === session.active);

  // Hover preview (use-hover-preview.ts): on in "auto" when measured decodes are fast enough to follow the pointer.
  const hoverMode = settings?.hoverPreview ?? 'auto';
  const hoverEnabled = Boolean(ready) && (hoverMode === 'on' || (hoverMode === 'auto' && hoverAllowed));
  const { hover, onHover, clear: clearHover } = useHoverPreview({
    client,
    imageKey: ready && target ? target.imageHash : null,
    enabled: hoverEnabled,
    base: active?.kind === 'prompted' ? objectPrompt(active) : null,
    onDecoded: (ms) => {
      recordDecode(ms);
      setPump((n) => n + 1);
    },
  });

  const onPrompt = (p: VisualPrompt, m: { shift: boolean }) => {
    clearHover();
    if (tool === 'reference') return;
    dispatch({ type: 'prompt', prompt: p, newObject: m.shift });
  };

  const onReferencePrompt = (p: VisualPrompt, m: { shift: boolean }) => {
    if (!reference) return;
    dispatch({ type: 'reference', imageKey: reference.imageHash, prompt: p.kind === 'click' ? { ...p, positive: true } : p, newObject: m.shift });
  };

  const submitText = (newObject: boolean) => {
    const words = text.trim();
    if (!words) {
      setStatus({ text: 'Type what to cut out first — the suggestions list the categories the model knows.', error: false });
      return;
    }
    dispatch({ type: 'text', text: words, newObject });
    // Never silently: a word outside the vocabulary still gets an answer, the closest one.
    const info = engine.status === 'ready' ? engine.info : null;
    if (info && !info.categories.some((c) => c.toLowerCase() === words.toLowerCase())) {
      setStatus({
        text: info.model.demo
          ? `“${words}” is not a word the demo model knows: it segments by colour (${info.categories.filter((c) => c !== 'background').slice(0, 4).join(', ')}, …), so this is its closest colour.`
          : `“${words}” is not one of the model's ${info.categories.length} categories: it segments what the text describes and names the layer by the closest category.`,
        error: false,
      });
    }
  };

  const everything = async () => {
    if (!client || !target || !ready) return;
    setStatus({ text: 'Segmenting everything…', error: false });
    try {
      const segments = await client.everythingAsync(target.imageHash, {
        objectThreshold: settings?.everythingObjectThreshold,
        overlapThreshold: settings?.everythingOverlapThreshold,
      });
      dispatch({ type: 'segments', segments: segments.map((s) => ({ result: { ...s, query: -1, categoryScore: s.score, backgroundWins: false } })) });
      setStatus({ text: `${segments.length} segment${segments.length === 1 ? '' : 's'} found`, error: false });
    } catch (e) {
      setStatus({ text: `Segment everything failed: ${e instanceof Error ? e.message : String(e)}`, error: true });
    }
  };

  // Apply pressed while a visible object's prompts are still being decoded: apply once they are.
  const pendingDecodes = session.objects.filter((o) => o.visible && needsDecode(o)).length;
  const [applyQueued, setApplyQueued] = useState(false);
  useEffect(() => {
    if (!applyQueued || pendingDecodes > 0) return;
    setApplyQueued(false);
    void applyLayers();
  }, [applyQueued, pendingDecodes]);
  useEffect(() => setApplyQueued(false), [target?.imageHash]);

  type ApplyItem = Pick<CutObject, 'name' | 'colour' | 'result'>;
  const applyLayers = async (given?: ApplyItem[]): Promise<boolean> => {
    if (!client || !target || !settings) return false;
    if (!given && pendingDecodes > 0) {
      setApplyQueued(true);
      setStatus({ text: `Applying when the segmentation in progress is done…`, error: false });
      return false;
    }
    const objects = given ?? session.objects.filter((o) => o.visible && o.result);
    if (objects.length === 0) {
      setStatus({ text: 'Nothing to apply: select an object first.', error: true });
      return false;
    }
    setStatus({ text: `Vectorising ${objects.length} mask${objects.length === 1 ? '' : 's'}…`, error: false });
    try {
      const layers: CutoutLayer[] = [];
      for (const o of objects) {
        const r = o.result;
        if (!r) continue;
        const path = await client.vectorizeAsync({ imageKey: target.imageHash, mask: { ...r.mask, data: r.mask.data.slice() }, refine: settings.refineEdges, tolerance: apply.tolerance });
        if (!path.data) continue;
        const [cr, cg, cb] = apply.useFill ? fromHex(apply.fill) : (o.colour.map((v) => v / 255) as [number, number, number]);
        layers.push({ category: o.name, score: r.categoryScore, color: { r: cr, g: cg, b: cb, a: apply.opacity }, path: { windingRule: 'EVENODD', data: path.data } });
      }
      if (layers.length === 0) {
        setStatus({ text: 'Nothing to apply: the masks are empty.', error: true });
        return false;
      }
      const done = await channel.request('apply', { nodeId: target.nodeId, imageHash: target.imageHash, layers, clip: apply.clip });
      setStatus({ text: `Added ${done.layerIds.length} layer${done.layerIds.length === 1 ? '' : 's'} to “${target.nodeName}”.`, error: false });
      return true;
    } catch (e) {
      setStatus({ text: `Apply failed: ${e instanceof Error ? e.message : String(e)}`, error: true });
      return false;
    }
  };

  // Quick action: segment the text on the first image, apply, close.
  useEffect(() => {
    if (!quick || !ready || !client || !target) return;
    setQuick(null);
    setStatus({ text: `Cutting out “${quick}”…`, error: false });
    client
      .decodeAsync({ imageKey: target.imageHash, objects: [{ text: quick }] })
      .then(async (r) => {
        if (r.status !== 'done' || !r.results[0]) return;
        if (await applyLayers([{ name: quick, colour: [24, 160, 251], result: r.results[0] }])) channel.send({ type: 'close' });
      })
      // Without this a failed decode left the quick action's progress UI waiting forever.
      .catch((e: unknown) => setStatus({ text: `Cut out failed: ${e instanceof Error ? e.message : String(e)}`, error: true }));
  }, [quick, ready, client, target?.imageHash]);

  // Keyboard habits: Enter apply, Esc clear, Cmd/Ctrl+Z undo, Shift+Cmd/Ctrl+Z or Ctrl+Y redo, V/M/B/R tools.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
      const mod = e.metaKey || e.ctrlKey;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        dispatch({ type: e.shiftKey ? 'redo' : 'undo' });
      } else if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        dispatch({ type: 'redo' });
      } else if (e.key === 'Escape') {
        clearHover();
        dispatch({ type: 'clear-prompts' });
      } else if (e.key === 'Enter' && !typing) {
        e.preventDefault();
        void applyLayers();
      } else if (!typing && !mod) {
        const t = ({ v: 'click', m: 'box', b: 'brush', r: 'reference' } as const)[e.key.toLowerCase() as 'v' | 'm' | 'b' | 'r'];
        if (t) setTool(t);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const overlays: Overlay[] = useMemo(
    () => [
      ...session.objects
        .filter((o) => o.visible && o.result)
        .map((o) => ({ id: o.id, mask: (o.result as NonNullable<CutObject['result']>).mask, colour: o.colour, label: `${o.name} ${Math.round((o.result?.categoryScore ?? 0) * 100)}%`, active: o.id === session.active })),
      ...(hover && tool === 'click' ? [hover] : []),
    ],
    [session.objects, session.active, hover, tool],
  );

  const categories = engine.status === 'ready' ? engine.info.categories.filter((c) => c !== 'background') : [];

  return (
    <main class="app">
      <header class="bar">
        <strong>SEEM Cutout</strong>
        {engine.status === 'ready' && engine.info.model.demo && (
          <span class="badge" title="The embedded demo bundle segments by colour. Install a converted SEEM bundle on the model host for real segmentation.">
            demo model
          </span>
        )}
        <button class="icon" aria-label="Settings" title="Settings" onClick={() => setShowSettings(true)}>
          ⚙
        </button>
      </header>
      {channelError && <p class="error">{channelError}</p>}
      {engine.status === 'ready' && engine.info.model.demo && (
        <p class="hint demo-note">
          Demo model: it segments by colour ({engine.info.categories.filter((c) => c !== 'background').slice(0, 4).join(', ')}, …), not by object. For real SEEM, convert a checkpoint and add it
          to the model host (README).
        </p>
      )}
      {showSettings && settings && (
        <SettingsPanel
          settings={settings}
          onClose={() => setShowSettings(false)}
          onSave={(s) => {
            setShowSettings(false);
            channel.request('settings-set', { settings: s }).then(
              (r) => setSettings(r.settings),
              (e: unknown) => setStatus({ text: `Settings could not be saved: ${e instanceof Error ? e.message : String(e)}`, error: true }),
            );
          }}
        />
      )}
      {selection.hint && <p class="hint">{selection.hint}</p>}
      {selection.problems.map((p) => (
        <p class="problem" key={p.nodeId} data-code={p.code}>
          {p.message}
        </p>
      ))}
      {selection.images.length > 0 && (
        <ul class="images" aria-label="Selected images">
          {selection.images.map((i) => (
            <li key={i.nodeId} data-status={i.status} class={i.nodeId === target?.nodeId ? 'target' : i.nodeId === reference?.nodeId ? 'reference' : ''}>
              <button class="link" onClick={() => setTargetId(i.nodeId)} disabled={i.status !== 'ready'}>
                {i.nodeName}
              </button>
              <span class={i.status === 'failed' ? 'error' : 'hint'}> {i.detail}</span>
              {selection.images.length > 1 && i.nodeId !== target?.nodeId && (
                <button class="link" onClick={() => setReferenceId(referenceId === i.nodeId ? null : i.nodeId)}>
                  {i.nodeId === reference?.nodeId ? 'reference ✓' : 'use as reference'}
                </button>
              )}
              {i.notes.map((n) => (
                <div class="hint" key={n}>
                  {n}
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
      {target?.rgba && (
        <>
          <div class="toolbar" role="toolbar" aria-label="Tools">
            {(['click', 'box', 'brush', ...(reference ? (['reference'] as const) : [])] as EditorTool[]).map((t) => (
              <button key={t} class={tool === t ? 'selected' : ''} aria-pressed={tool === t} onClick={() => setTool(t)}>
                {{ click: 'Click', box: 'Box', brush: 'Brush', reference: 'Reference' }[t]}
              </button>
            ))}
            <button onClick={() => void everything()} disabled={!ready}>
              Everything
            </button>
            <button class="icon" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={session.past.length === 0} onClick={() => dispatch({ type: 'undo' })}>
              ↶
            </button>
            <button class="icon" aria-label="Redo" title="Redo (Shift+Ctrl+Z)" disabled={session.future.length === 0} onClick={() => dispatch({ type: 'redo' })}>
              ↷
            </button>
            <button class="icon" aria-label="Reset" title="Reset" onClick={() => dispatch({ type: 'reset' })}>
              ⟲
            </button>
          </div>
          {/* Not a <form>: Figma's sandboxed iframe (no allow-forms) blocks form submission, so a submit button did nothing. */}
          <div class="text-prompt" role="search">
            <input
              list="categories"
              placeholder="Describe what to cut out…"
              aria-label="Text prompt"
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  e.stopPropagation();
                  submitText(e.shiftKey);
                }
              }}
            />
            <datalist id="categories">
              {categories.map((c) => (
                <option value={c} key={c} />
              ))}
            </datalist>
            <button type="button" disabled={!ready} onClick={() => submitText(false)}>
              Find
            </button>
          </div>
          {tool === 'reference' && reference?.rgba ? (
            <CanvasView image={reference.rgba} overlays={[]} prompts={active?.reference?.prompts ?? []} tool="brush" brushRadius={6} onPrompt={onReferencePrompt} label={`Reference image ${reference.nodeName}`} />
          ) : (
            <CanvasView
              image={target.rgba}
              overlays={overlays}
              prompts={active?.prompts ?? []}
              tool={tool === 'reference' ? 'click' : tool}
              brushRadius={8}
              onPrompt={onPrompt}
              onHover={tool === 'click' ? onHover : undefined}
              label={`Image ${target.nodeName}`}
            />
          )}
          <SegmentList objects={session.objects} active={session.active} dispatch={dispatch} />
          <section class="apply" aria-label="Apply">
            <label class="row">
              <input type="radio" name="mode" checked={!apply.clip} onChange={() => setApply({ ...apply, clip: false })} /> Vector
            </label>
            <label class="row">
              <input type="radio" name="mode" checked={apply.clip} onChange={() => setApply({ ...apply, clip: true })} /> Vector + clip (cutout)
            </label>
            <label>
              Smoothness
              <input type="range" min="0.25" max="2" step="0.25" value={apply.tolerance} aria-label="Smoothness" onInput={(e) => setApply({ ...apply, tolerance: Number(e.currentTarget.value) })} />
            </label>
            <label class="row">
              <input type="checkbox" checked={apply.useFill} onChange={() => setApply({ ...apply, useFill: !apply.useFill })} /> One fill
              <input type="color" value={apply.useFill ? apply.fill : hex(active?.colour ?? [24, 160, 251])} aria-label="Fill colour" onInput={(e) => setApply({ ...apply, useFill: true, fill: e.currentTarget.value })} />
              <input type="range" min="0.1" max="1" step="0.05" value={apply.opacity} aria-label="Fill opacity" onInput={(e) => setApply({ ...apply, opacity: Number(e.currentTarget.value) })} />
            </label>
            <button class="primary" disabled={!ready} onClick={() => void applyLayers()}>
              Apply (Enter)
            </button>
          </section>
        </>
      )}
      {status && (
        <p class={`status ${status.error ? 'error' : ''}`} role="status">
          {status.text}
          {status.retry && (
            <>
              {' '}
              <button class="link" onClick={status.retry}>
                Retry
              </button>
            </>
          )}
        </p>
      )}
    </main>
  );
};
