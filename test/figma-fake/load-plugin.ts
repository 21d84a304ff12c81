/** Runs the built sandbox bundle (dist/plugin.js) against a fake `figma` global. */
import { readFileSync } from 'node:fs';
import { compileFunction } from 'node:vm';
import { join } from 'node:path';
import { createFigmaFake, type FigmaFake } from './figma';

const PLUGIN_JS = join(import.meta.dirname, '../../dist/plugin.js');

export const loadBuiltPlugin = (setup?: (fake: FigmaFake) => void, parameters?: ParameterValues): FigmaFake => {
  const fake = createFigmaFake();
  setup?.(fake);
  const code = readFileSync(PLUGIN_JS, 'utf8');
  // The sandbox sees `figma` and `__html__` as globals; parameters give the same scope. Compiled
  // in this realm (timers, structuredClone and test mocks are the test's own), named after the
  // file so that stack traces point into dist/plugin.js.
  const plugin = compileFunction(code, ['figma', '__html__'], { filename: PLUGIN_JS }) as (figma: unknown, html: string) => void;
  plugin(fake.api, '<html>ui</html>');
  fake.run(parameters);
  return fake;
};

/** Lets queued promise callbacks (the plugin's async handlers) run. */
export const settle = async (rounds = 20): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
};
