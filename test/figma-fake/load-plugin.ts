/** Runs the built sandbox bundle (dist/plugin.js) against a fake `figma` global. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFigmaFake, type FigmaFake } from './figma';

const PLUGIN_JS = join(import.meta.dirname, '../../dist/plugin.js');

export const loadBuiltPlugin = (setup?: (fake: FigmaFake) => void, parameters?: ParameterValues): FigmaFake => {
  const fake = createFigmaFake();
  setup?.(fake);
  const code = readFileSync(PLUGIN_JS, 'utf8');
  // The sandbox sees `figma` and `__html__` as globals; parameters give the same scope.
  new Function('figma', '__html__', code)(fake.api, '<html>ui</html>');
  fake.run(parameters);
  return fake;
};

/** Lets queued promise callbacks (the plugin's async handlers) run. */
export const settle = async (rounds = 20): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
};
