#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a dependency), so there is no separate build step.
import { register } from 'tsx/esm/api';

register();
const { mainAsync } = await import('../cli.ts');
try {
  const code = await mainAsync(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (error) {
  console.error(`seem-host: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
