/** Settings persisted with `figma.clientStorage` (per user, per plugin; 5 MB is plenty for settings). */
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../contracts/sandbox';

const KEY = 'settings.v1';

export const loadSettingsAsync = async (): Promise<Settings> => {
  const stored: unknown = await figma.clientStorage.getAsync(KEY);
  if (stored === undefined) return DEFAULT_SETTINGS;
  try {
    return settingsSchema.parse({ ...DEFAULT_SETTINGS, ...(stored as object) });
  } catch (error) {
    // A corrupt or outdated entry must not lock the user out: fall back and say so.
    console.warn(`SEEM Cutout: ignoring stored settings (${String(error)})`);
    return DEFAULT_SETTINGS;
  }
};

export const saveSettingsAsync = async (settings: Settings): Promise<void> => {
  await figma.clientStorage.setAsync(KEY, settings);
};
