// Lint: typescript-eslint's type-checked recommended rules (strict about `any`, unsafe
// values and ts-comments) for every runtime's TypeScript, each file checked against the
// tsconfig of the runtime it runs in, plus Figma's own plugin rules for the sandbox code.
// Promises must be awaited or handled in the plugin and the UI, where a dropped rejection
// is a request that silently never finishes. The runtimes' boundaries (docs/architecture.md,
// "Layout and boundaries") are enforced here too: plugin/, ui/ and model-host/ share code only
// through contracts/, which imports nothing but itself. `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import * as figmaPlugin from '@figma/eslint-plugin-figma-plugins';
import { defineConfig } from 'eslint/config';

/** `no-restricted-imports` refusing relative imports that climb into any of `folders` (top-level folders of the repo). */
const noImportsFrom = (folders, why) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message: why }] }],
});
const TOOLING = ['test', 'bench', 'scripts'];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'test/output/', 'bench/output/', 'model-host/convert/', '**/*.py'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // The first project that holds a file types it: contracts (pure ECMAScript), the sandbox,
        // the iframe, the host, then test/ (which also holds bench/ and scripts/).
        project: ['./contracts/tsconfig.json', './plugin/tsconfig.json', './ui/tsconfig.json', './model-host/tsconfig.json', './test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Floating promises are checked where they matter (below); tests and benches await at top level by design.
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    files: ['plugin/**/*.ts', 'ui/**/*.ts', 'ui/**/*.tsx'],
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  // Boundaries. contracts/: pure, so that every runtime can load it — no package, no Node built-in,
  // no other folder of the repo.
  {
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.\\.?/)', message: 'contracts/ is pure ECMAScript shared by every runtime: no packages or Node built-ins.' },
            { regex: '^\\.\\./', message: 'contracts/ imports only contracts/: every runtime depends on it, it depends on none.' },
          ],
        },
      ],
    },
  },
  {
    files: ['plugin/**/*.ts'],
    rules: noImportsFrom(['ui', 'model-host', ...TOOLING], 'plugin/ shares code with the UI and the host only through contracts/.'),
  },
  {
    files: ['ui/**/*.ts', 'ui/**/*.tsx'],
    rules: noImportsFrom(['plugin', 'model-host', ...TOOLING], 'ui/ shares code with the sandbox and the host only through contracts/.'),
  },
  {
    files: ['model-host/**/*.ts'],
    rules: noImportsFrom(['plugin', 'ui', ...TOOLING], 'model-host/ shares code with the plugin and the UI only through contracts/.'),
  },
  {
    // The converter's tooling checks a fresh bundle by running the engine itself (docs/architecture.md):
    // it may import ui/engine/, nothing else of ui/. The server never does.
    files: ['model-host/convert-cli.ts', 'model-host/convert-check.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: `^(\\.\\./)+(plugin|${TOOLING.join('|')})(/|$)`, message: 'model-host/ shares code with the plugin only through contracts/.' },
            { regex: '^(\\.\\./)+ui/(?!engine/)', message: 'the converter tooling may run the engine (ui/engine/), no other part of ui/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['plugin/**/*.ts'],
    plugins: { '@figma/figma-plugins': figmaPlugin },
    rules: { ...figmaPlugin.flatConfigs.recommended.rules },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', 'model-host/bin/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
);
