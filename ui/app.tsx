/**
 * The plugin UI: pick an image (and optionally a reference image), prompt with
 * clicks, boxes, brush strokes, text or a region on the reference, see masks with
 * their labels as you go (hover previews included), curate the list, and apply
 * them as vector layers — or cutouts — in one undo step.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { SandboxChannel } from './channel/sandbox-channel';
import { ApplyPanel } from './components/apply-panel';
import { BatchPanel } from './components/batch-panel';
import { CanvasView, type Overlay } from './components/canvas-view';
import { IconButton } from './components/icon-button';
import { SettingsIcon } from './components/icons';
import { SegmentList } from './components/segment-list';
import { SettingsPanel } from './components/settings-panel';
import { ToolBar, type EditorTool } from './components/tool-bar';
import type { VisualPrompt } from './engine/prompts/types';
import { useApply, type ApplyOptions } from './hooks/use-apply';
import { useBatch } from './hooks/use-batch';
import { useDecodePump } from './hooks/use-decode-pump';
import { useEncodings } from './hooks/use-encodings';
import { useEngine } from './hooks/use-engine';
import { useHoverPreview } from './hooks/use-hover-preview';
import { useKeys } from './hooks/use-keys';
import { useQuickAction } from './hooks/use-quick-action';
import { useSandboxSelection } from './hooks/use-sandbox-selection';
import { DecodeCost, HOVER_BUDGET_MS } from './hover/hover-scheduler';
import { assignOverlayColours, meanUnderMask } from './render/overlay-colour';
import { emptySession, objectPrompt, PALETTE, reduce, type CutObject } from './state/session';
import { errorText, type StatusLine } from './state/status-line';

export const App = ({ channel, channelError }: { channel: SandboxChannel; channelError: string | null }) => {
  const [showSettings, setShowSettings] = useState(false);
  const [targetId, setTargetId] = useState<string | null>(null);
  const [referenceId, setReferenceId] = useState<string | null>(null);
  const [session, dispatch] = useReducer(reduce, undefined, emptySession);
  const [tool, setTool] = useState<EditorTool>('click');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusLine | null>(null);
  const [apply, setApply] = useState<ApplyOptions>({ clip: false, tolerance: 0.75, useFill: false, fill: '#0d99ff', opacity: 1 });
  const { selection, settings, setSettings, quick, clearQuick } = useSandboxSelection(channel, setStatus);
  const engine = useEngine(settings);

  const target = selection.images.find((i) => i.nodeId === targetId) ?? selection.images[0];
  const reference = selection.images.find((i) => i.nodeId === referenceId && i.nodeId !== target?.nodeId);
  const client = engine.status === 'ready' ? engine.client : null;
  // A new target image starts a new session, and the status line stops describing the previous image.
  useEffect(() => {
    dispatch({ type: 'reset' });
    clearHover();
    setStatus((st) =>
      target && st && !st.retry
        ? { text: encodedRef.current.has(target.imageHash) ? `Ready — ${target.nodeName}` : `${target.nodeName}: ${target.detail}`, error: false }
        : st,
    );
  }, [target?.imageHash]);
  // Engine status → status line; vocabulary → the sandbox (quick-action suggestions).
  useEffect(() => {
    if (engine.status === 'ready') {
      const m = engine.info.model;
      setStatus({
        text: `${m.name} on ${engine.info.backend} (${engine.info.precision})${engine.info.encoder === 'remote' ? ' (encoder on the model host)' : ''} — ${engine.info.reason}`,
        error: false,
      });
      channel.send({ type: 'vocabulary', words: engine.info.categories.filter((c) => c !== 'background') });
    } else if (engine.status === 'error') {
      setStatus({ text: engine.message, error: true, retry: engine.retry });
    } else if (engine.status === 'loading') {
      const pct = engine.total ? ` ${Math.round((engine.loaded / engine.total) * 100)}% of ${(engine.total / 1e6).toFixed(1)} MB` : '';
      setStatus({
        text:
          engine.stage === 'session'
            ? `Preparing the model: starting ${engine.file}…`
            : `Loading model: ${engine.file}${engine.cached ? ' (from cache)' : pct}`,
        error: false,
      });
    }
  }, [engine, channel]);
  // The two effects above are declared before useEncodings: in a commit where they all run, "Encoding …" is the last word.
  const encoded = useEncodings(client, [target, reference], setStatus);
  const encodedRef = useRef(encoded);
  encodedRef.current = encoded;

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

  const { kick } = useDecodePump({
    client,
    imageKey: ready && target ? target.imageHash : null,
    objects: session.objects,
    dispatch,
    onDecoded: recordDecode,
    setStatus,
  });

  // The objects as shown and applied: each in a colour that contrasts with the image under it (overlay-colour.ts).
  const objects = useMemo(() => {
    const image = target?.rgba;
    if (!image) return session.objects;
    const colours = assignOverlayColours(
      session.objects.map((o) => ({ id: o.id, own: o.colour, under: o.result ? meanUnderMask(image, o.result.mask) : null })),
      PALETTE,
    );
    return session.objects.map((o) => ({ ...o, colour: colours.get(o.id) ?? o.colour }));
  }, [session.objects, target?.rgba]);
  const active = objects.find((o) => o.id === session.active);

  // Hover preview (use-hover-preview.ts): on in "auto" when measured decodes are fast enough to follow the pointer.
  const hoverMode = settings?.hoverPreview ?? 'auto';
  const hoverEnabled = Boolean(ready) && (hoverMode === 'on' || (hoverMode === 'auto' && hoverAllowed));
  const {
    hover,
    onHover,
    clear: clearHover,
  } = useHoverPreview({
    client,
    imageKey: ready && target ? target.imageHash : null,
    enabled: hoverEnabled,
    base: active?.kind === 'prompted' ? objectPrompt(active) : null,
    onDecoded: (ms) => {
      recordDecode(ms);
      kick();
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
          ? `“${words}” is not a word the demo model knows: it segments by colour (${info.categories
              .filter((c) => c !== 'background')
              .slice(0, 4)
              .join(', ')}, …), so this is its closest colour.`
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
      setStatus({ text: `Segment everything failed: ${errorText(e)}`, error: true });
    }
  };

  const applyLayers = useApply({ channel, client, target, settings, objects, options: apply, setStatus });

  // Batch mode (several images): its own prompt, results and Apply all; it outlives selection changes.
  const batch = useBatch({ channel, client, images: selection.images, settings, options: apply, setStatus });
  const batchReference = active?.reference
    ? { ...active.reference, name: selection.images.find((i) => i.imageHash === active.reference?.imageKey)?.nodeName ?? 'reference' }
    : null;

  useQuickAction({
    text: quick,
    done: clearQuick,
    client,
    imageKey: ready && target ? target.imageHash : null,
    applyAsync: (name, result) => applyLayers([{ name, colour: [24, 160, 251], result }]),
    batch:
      selection.images.length > 1
        ? {
            ready: selection.images.every((i) => i.status !== 'loading'),
            runAsync: async (words) => (await batch.runAsync({ text: words })) !== null && (await batch.applyAllAsync()),
          }
        : null,
    close: () => channel.send({ type: 'close' }),
    setStatus,
  });

  useKeys({ dispatch, apply: () => void applyLayers(), clear: clearHover, tool: setTool });

  const overlays: Overlay[] = useMemo(
    () => [
      ...objects
        .filter((o) => o.visible && o.result)
        .map((o) => ({
          id: o.id,
          mask: (o.result as NonNullable<CutObject['result']>).mask,
          colour: o.colour,
          label: `${o.name} ${Math.round((o.result?.categoryScore ?? 0) * 100)}%`,
          active: o.id === session.active,
        })),
      ...(hover && tool === 'click' ? [hover] : []),
    ],
    [objects, session.active, hover, tool],
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
        <IconButton label="Settings" pressed={showSettings} align="end" onClick={() => setShowSettings(!showSettings)}>
          <SettingsIcon />
        </IconButton>
      </header>
      {channelError && <p class="error">{channelError}</p>}
      {engine.status === 'ready' && engine.info.model.demo && (
        <p class="hint demo-note">
          Demo model: it segments by colour (
          {engine.info.categories
            .filter((c) => c !== 'background')
            .slice(0, 4)
            .join(', ')}
          , …), not by object. For real SEEM, convert a checkpoint and add it to the model host (README).
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
              (e: unknown) => setStatus({ text: `Settings could not be saved: ${errorText(e)}`, error: true }),
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
          <ToolBar
            tool={tool}
            hasReference={Boolean(reference)}
            ready={ready}
            canUndo={session.past.length > 0}
            canRedo={session.future.length > 0}
            onTool={setTool}
            onEverything={() => void everything()}
            onUndo={() => dispatch({ type: 'undo' })}
            onRedo={() => dispatch({ type: 'redo' })}
            onClear={() => {
              clearHover();
              dispatch({ type: 'clear-prompts' });
            }}
            onReset={() => dispatch({ type: 'reset' })}
          />
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
            <CanvasView
              image={reference.rgba}
              overlays={[]}
              prompts={active?.reference?.prompts ?? []}
              tool="brush"
              brushRadius={6}
              onPrompt={onReferencePrompt}
              label={`Reference image ${reference.nodeName}`}
            />
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
              cutout={apply.clip}
            />
          )}
          <SegmentList objects={objects} active={session.active} ready={ready} dispatch={dispatch} />
          <ApplyPanel options={apply} onChange={setApply} colour={active?.colour} ready={ready} onApply={() => void applyLayers()} />
        </>
      )}
      {(selection.images.length > 1 || batch.state.phase !== 'idle') && (
        <BatchPanel
          count={selection.images.length}
          ready={Boolean(client) && selection.images.every((i) => i.status !== 'loading')}
          state={batch.state}
          now={batch.now}
          referenceName={batchReference?.name ?? null}
          onRun={({ text: words, useReference }) =>
            void batch.runAsync({ text: words, ...(useReference && batchReference ? { reference: batchReference } : {}) })
          }
          onCancel={batch.cancel}
          onToggle={batch.toggle}
          onApplyAll={() => void batch.applyAllAsync()}
          onClear={batch.clear}
        />
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
