/** Settings → Model source: the model host, or a static bundle folder (Hugging Face Hub repo, any HTTPS host); add and remove folders. */
import { useState } from 'preact/hooks';
import type { Settings } from '../../contracts/sandbox';
import { addModelSource, removeModelSource, selectModelSource } from '../state/model-sources';

const HOST = '';

export const ModelSources = ({ draft, onChange }: { draft: Settings; onChange: (s: Settings) => void }) => {
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<string | null>(null);
  const sources = draft.modelSources ?? [];
  const add = () => {
    const r = addModelSource(draft, adding);
    if ('error' in r) {
      setError(r.error);
      return;
    }
    setError(null);
    setAdding('');
    onChange(r.settings);
  };
  return (
    <fieldset class="model-sources">
      <label>
        Model source
        <select
          value={draft.modelSource ?? HOST}
          onChange={(e) => onChange(selectModelSource(draft, e.currentTarget.value === HOST ? null : e.currentTarget.value))}
        >
          <option value={HOST}>Model host ({draft.modelHostUrl})</option>
          {sources.map((u) => (
            <option value={u} key={u}>
              {u}
            </option>
          ))}
        </select>
      </label>
      {sources.map((u) => (
        <div class="row" key={u}>
          <span class="hint source-url">{u}</span>
          <button aria-label={`Remove ${u}`} onClick={() => onChange(removeModelSource(draft, u))}>
            Remove
          </button>
        </div>
      ))}
      <div class="row">
        <input
          aria-label="Bundle folder URL"
          placeholder="https://huggingface.co/<org>/<repo>/resolve/main/"
          value={adding}
          onInput={(e) => setAdding(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
        <button onClick={add}>Add</button>
      </div>
      {error && <p class="error">{error}</p>}
      <p class="hint">A folder holding seem.json and its files (npm run convert's output). Its domain must be in the plugin manifest's networkAccess.</p>
    </fieldset>
  );
};
