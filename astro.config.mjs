// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';
import { maxBodyLimit } from './src/lib/server/http/body-limit.ts';
import { serverWorkers } from './scripts/server-workers-plugin.ts';

export default defineConfig({
  // Everything that shows database content is rendered on demand (with cache headers),
  // so a staff change is visible on the next request that misses the cache.
  output: 'server',
  // The start script refuses bodies over each route's limit before this handler sees them; the adapter's own
  // limit (1 GB by default) only matters when the built server is started some other way.
  adapter: node({ mode: 'standalone', bodySizeLimit: maxBodyLimit() }),
  integrations: [react()],
  security: {
    // Cross-site form posts are refused by src/middleware.ts (src/lib/server/http/origin.ts), which knows the
    // origin the visitor used behind a TLS proxy; Astro's own check only sees http:// there and refuses every form.
    checkOrigin: false,
    // Forms with photos (concerns, Quartiershelfer findings) need up to 40 MB; the start script keeps every other
    // route at its own limit before Astro reads a body (src/lib/server/http/body-limit.ts).
    actionBodySizeLimit: 40 * 1024 * 1024,
    // Strict CSP: Astro sends it as a header on every page with hashes for the scripts and styles it emits,
    // so nothing inline without a hash runs and nothing loads from another host. Non-page responses get an
    // even stricter policy in src/lib/server/observability/security-headers.ts.
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ],
    },
  },
  // Keep whitespace between inline elements (links in sentences) intact.
  compressHTML: true,
  // No Markdown code blocks here; Shiki's inline styles would conflict with the CSP.
  markdown: { syntaxHighlight: false },
  build: { inlineStylesheets: 'auto' },
  server: { host: '127.0.0.1', port: 4321 },
  devToolbar: { enabled: false },
  vite: {
    // The calendar sync's worker thread becomes a chunk of the server build (see the plugin).
    plugins: [serverWorkers()],
    // drizzle-orm is bundled: loaded from node_modules, Node's resolver reads its package.json (180 kB, an export per
    // file) again for each of its ~150 modules, which was more than half of a server start (4 of 7 s of CPU).
    ssr: { external: ['better-sqlite3', '@node-rs/argon2', 'sharp'], noExternal: ['drizzle-orm'] },
  },
});
