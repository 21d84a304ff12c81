/** Settings, persisted by the sandbox in figma.clientStorage: model host, backend, bundle, refinement, segment-everything thresholds. */
import { HOVER_BUDGET_MS } from '../hover/hover-scheduler';
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../contracts/sandbox';
import { modelListSchema, type ModelList } from '../../contracts/host-api';
import { hostUrl } from '../../contracts/host-routes';
import { parseThreshold } from '../state/threshold-input';
import { LabelledSlider } from './labelled-slider';
import { ModelSources } from './model-sources';
import { SegmentedField, type Segment } from './segmented-control';

/**
 * A 0–1 threshold as a slider; unset means the model's own (seem.json `scores`), shown as "model's" with the slider
 * dimmed at the middle, and a set one has a button back to the model's.
 */
const ThresholdField = ({ label, value, onChange }: { label: string; value: number | undefined; onChange: (v: number | undefined) => void }) => (
  <LabelledSlider
    label={label}
    min={0}
    max={1}
    step={0.05}
    value={value ?? 0.5}
    unset={value === undefined}
    unsetText="model's"
    format={(v) => v.toFixed(2)}
    onInput={(v) => onChange(parseThreshold(String(v)))}
    after={
      value !== undefined && (
        <button type="button" class="link" aria-label={`${label}: use the model's`} onClick={() => onChange(undefined)}>
          reset
        </button>
      )
    }
  />
);

/** "169–661 MB" for a bundle with precision variants (the download depends on the precision that runs), else its size. */
const downloadText = (m: ModelList['models'][number]): string => {
  const sizes = (m.precisions ?? []).map((p) => p.bytes / 1e6);
  if (sizes.length < 2) return `${(m.totalBytes / 1e6).toFixed(0)} MB`;
  return `${Math.min(...sizes).toFixed(0)}–${Math.max(...sizes).toFixed(0)} MB by precision`;
};

const BACKENDS: Segment<Settings['backend']>[] = [
  { value: 'auto', label: 'Auto', title: 'WebGPU if a real GPU, else WASM' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'wasm', label: 'WASM' },
  { value: 'remote-encoder', label: 'Remote', title: 'The image encoder runs on the model host' },
];

const HOVER: Segment<NonNullable<Settings['hoverPreview']>>[] = [
  { value: 'auto', label: 'Auto', title: `When a click decodes in ≤ ${HOVER_BUDGET_MS} ms` },
  { value: 'on', label: 'On' },
  { value: 'off', label: 'Off' },
];

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
      <h2 class="section-title">Settings</h2>
      <ModelSources draft={draft} onChange={setDraft} />
      <label>
        Model host
        <input value={draft.modelHostUrl} onChange={(e) => setDraft({ ...draft, modelHostUrl: e.currentTarget.value })} />
      </label>
      <SegmentedField label="Backend" options={BACKENDS} value={draft.backend} onChange={(backend) => setDraft({ ...draft, backend })} />
      <label>
        Precision
        <select value={draft.precision ?? 'auto'} onChange={(e) => setDraft({ ...draft, precision: e.currentTarget.value as Settings['precision'] })}>
          <option value="auto">Auto: q8f16 on WebGPU, int8 on WASM</option>
          <option value="fp32">fp32: the reference</option>
          <option value="fp16">fp16: WebGPU, closest to fp32</option>
          <option value="q8f16">q8f16: WebGPU, half of fp16</option>
          <option value="int8">int8: WASM, smallest memory</option>
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
                {m.name} ({downloadText(m)}
                {m.demo ? ', demo' : ''})
              </option>
            ))}
          </select>
        )}
      </label>
      <SegmentedField
        label="Hover preview"
        options={HOVER}
        value={draft.hoverPreview ?? 'auto'}
        onChange={(hoverPreview) => setDraft({ ...draft, hoverPreview })}
      />
      <label class="check">
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
      <div class="row end">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" class="primary" onClick={() => onSave(draft)}>
          Save
        </button>
      </div>
    </div>
  );
};
