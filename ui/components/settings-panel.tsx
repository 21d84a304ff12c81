/** Settings, persisted by the sandbox in figma.clientStorage: model host, backend, bundle, refinement, segment-everything thresholds. */
import { HOVER_BUDGET_MS } from '../hover/hover-scheduler';
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../contracts/sandbox';
import { modelListSchema, type ModelList } from '../../contracts/host-api';
import { hostUrl } from '../../contracts/host-routes';
import { parseThreshold } from '../state/threshold-input';
import { ModelSources } from './model-sources';

/** A 0–1 threshold; empty means the model's own (seem.json `scores`). */
const ThresholdField = ({ label, value, onChange }: { label: string; value: number | undefined; onChange: (v: number | undefined) => void }) => (
  <label>
    {label}
    <input
      type="number"
      min="0"
      max="1"
      step="0.05"
      placeholder="model's"
      value={value ?? ''}
      onChange={(e) => onChange(parseThreshold(e.currentTarget.value))}
    />
  </label>
);

export const SettingsPanel = ({ settings, onSave, onClose }: { settings: Settings; onSave: (s: Settings) => void; onClose: () => void }) => {
  const [draft, setDraft] = useState(settings);
  const [models, setModels] = useState<ModelList['models'] | string>('loading…');
  useEffect(() => {
    let live = true;
    fetch(hostUrl(draft.modelHostUrl, 'models', {}))
      .then(async (r) => modelListSchema.parse(await r.json()).models)
      .then((m) => live && setModels(m))
      .catch(() => live && setModels(`Model host not reachable at ${draft.modelHostUrl}`));
    return () => {
      live = false;
    };
  }, [draft.modelHostUrl]);
  return (
    <div class="settings" role="dialog" aria-label="Settings">
      <ModelSources draft={draft} onChange={setDraft} />
      <label>
        Model host
        <input value={draft.modelHostUrl} onChange={(e) => setDraft({ ...draft, modelHostUrl: e.currentTarget.value })} />
      </label>
      <label>
        Backend
        <select value={draft.backend} onChange={(e) => setDraft({ ...draft, backend: e.currentTarget.value as Settings['backend'] })}>
          <option value="auto">Auto (WebGPU if a real GPU, else WASM)</option>
          <option value="webgpu">WebGPU</option>
          <option value="wasm">WASM</option>
          <option value="remote-encoder">Remote encoder (model host)</option>
        </select>
      </label>
      <label>
        Precision
        <select value={draft.precision ?? 'auto'} onChange={(e) => setDraft({ ...draft, precision: e.currentTarget.value as Settings['precision'] })}>
          <option value="auto">Auto (fp16 on WebGPU, int8 on WASM, when the bundle has them)</option>
          <option value="fp32">fp32 (the reference)</option>
          <option value="fp16">fp16 (WebGPU with shader-f16)</option>
          <option value="q8f16">q8f16 (int8 weights, fp16 arithmetic; WebGPU)</option>
          <option value="int8">int8 (fastest on WASM)</option>
        </select>
      </label>
      <label>
        Model
        {typeof models === 'string' ? (
          <span class="hint">{models}</span>
        ) : (
          <select value={draft.bundleId} onChange={(e) => setDraft({ ...draft, bundleId: e.currentTarget.value })}>
            {models.map((m) => (
              <option value={m.id} key={m.id}>
                {m.name} ({(m.totalBytes / 1e6).toFixed(0)} MB{m.demo ? ', demo' : ''})
              </option>
            ))}
          </select>
        )}
      </label>
      <label>
        Hover preview
        <select value={draft.hoverPreview ?? 'auto'} onChange={(e) => setDraft({ ...draft, hoverPreview: e.currentTarget.value as Settings['hoverPreview'] })}>
          <option value="auto">Auto (when a click decodes in ≤ {HOVER_BUDGET_MS} ms)</option>
          <option value="on">On</option>
          <option value="off">Off</option>
        </select>
      </label>
      <label class="row">
        <input type="checkbox" checked={draft.refineEdges} onChange={() => setDraft({ ...draft, refineEdges: !draft.refineEdges })} />
        Refine edges with the photo
      </label>
      <ThresholdField
        label="Everything: object threshold"
        value={draft.everythingObjectThreshold}
        onChange={(v) => setDraft({ ...draft, everythingObjectThreshold: v })}
      />
      <ThresholdField
        label="Everything: overlap threshold"
        value={draft.everythingOverlapThreshold}
        onChange={(v) => setDraft({ ...draft, everythingOverlapThreshold: v })}
      />
      <div class="row">
        <button class="primary" onClick={() => onSave(draft)}>
          Save
        </button>
        <button onClick={onClose}>Cancel</button>
      </div>
    </div>
  );
};
