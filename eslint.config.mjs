// Lint: typescript-eslint's type-checked recommended rules (strict about `any`, unsafe
// values and ts-comments) for every runtime's TypeScript, each file checked against the
// tsconfig of the runtime it runs in, plus Figma's own plugin rules for the sandbox code.
// Promises must be awaited or handled in the plugin and the UI, where a dropped rejection
// is a request that silently never finishes. `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import * as figmaPlugin from '@figma/eslint-plugin-figma-plugins';
import { defineConfig } from 'eslint/config';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'test/output/', 'bench/output/', 'model-host/convert/', '**/*.py'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // The first project that holds a file types it: the sandbox, the iframe, the host, then
        // test/ (which also holds bench/ and scripts/).
        project: ['./plugin/tsconfig.json', './ui/tsconfig.json', './model-host/tsconfig.json', './test/tsconfig.json'],
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
