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
  security: {
    checkOrigin: true,
    // Forms with photos (concerns) need up to 40 MB; the middleware keeps every other Action at 1 MB
    // (src/lib/server/concerns/upload-limit.ts).
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
    ssr: { external: ['better-sqlite3', '@node-rs/argon2', 'sharp'] },
  },
});
