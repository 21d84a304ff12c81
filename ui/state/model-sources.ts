/**
 * The model sources in Settings: the model host (always there) and static bundle folders the
 * designer adds (a Hugging Face Hub repo, any HTTPS host). Pure: the Settings panel calls these.
 */
import type { Settings } from '../../contracts/sandbox';
import { bundleBaseUrl } from '../engine/bundle/url-source';

export const MAX_MODEL_SOURCES = 32;

/** Adds a folder URL (normalised) and selects it; a bad URL or a full list is a message, never a half-added source. */
export const addModelSource = (settings: Settings, raw: string): { settings: Settings } | { error: string } => {
  let url: string;
  try {
    url = bundleBaseUrl(raw);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const list = settings.modelSources ?? [];
  if (list.includes(url)) return { settings: { ...settings, modelSource: url } };
  if (list.length >= MAX_MODEL_SOURCES) return { error: `at most ${MAX_MODEL_SOURCES} model sources: remove one first` };
  return { settings: { ...settings, modelSources: [...list, url], modelSource: url } };
};

/** Removes a folder; if it was the one in use, the model host is used again. */
export const removeModelSource = (settings: Settings, url: string): Settings => {
  const { modelSource, ...rest } = settings;
  const modelSources = (settings.modelSources ?? []).filter((u) => u !== url);
  return modelSource === undefined || modelSource === url ? { ...rest, modelSources } : { ...rest, modelSources, modelSource };
};

/** Selects a source: `null` is the model host. */
export const selectModelSource = (settings: Settings, url: string | null): Settings => {
  const { modelSource: _previous, ...rest } = settings;
  return url === null ? rest : { ...rest, modelSource: url };
};
