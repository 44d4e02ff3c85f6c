import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // The API serves this SPA under /admin and falls back to index.html for client-side routes.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
    paths: { base: '/admin' },
    // Resolve the workspace libraries from source so the admin never runs against a stale dist.
    alias: {
      '@syncline/contracts': '../../libs/contracts/src/index.ts',
      '@syncline/sdk': '../../libs/sdk/src/index.ts',
    },
  },
};

export default config;
