import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  test: {
    projects: [
      {
        extends: true,
        // Rune classes must compile against Svelte's client runtime, as they do in the browser.
        resolve: { conditions: ['browser'] },
        test: {
          name: 'unit',
          include: ['src/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.spec.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/api-server.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One API and one browser: run the browser specs one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
