// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';

export default defineConfig({
  // Everything that shows database content is rendered on demand (with cache headers),
  // so a staff change is visible on the next request that misses the cache.
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [react()],
  security: { checkOrigin: true },
  // Keep whitespace between inline elements (links in sentences) intact.
  compressHTML: true,
  build: { inlineStylesheets: 'auto' },
  server: { host: '127.0.0.1', port: 4321 },
  devToolbar: { enabled: false },
  vite: {
    ssr: { external: ['better-sqlite3', '@node-rs/argon2'] },
  },
});
