import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/', '**/build/', '**/.svelte-kit/', '**/node_modules/', '**/coverage/', '.test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', 'apps/admin/src/**/*.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: {
      // Links and goto() targets come from resolve() or page.url, often through a helper the rule cannot follow.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**', '.ci/**', '**/examples/**', '**/bench/**'],
    rules: { 'no-console': 'off' },
  },
);
