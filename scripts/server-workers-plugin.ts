/**
 * Worker threads of the server in the build. Vite bundles `new Worker(new URL('./x.ts', import.meta.url))` only for
 * the browser; on the server that URL would point at a TypeScript file next to a chunk in dist/, which does not
 * exist. This plugin makes such a worker a chunk of its own in the server build and points the URL at it, so the
 * built server starts the bundled worker (dist/server/workers/<name>.mjs). It only looks at modules that import
 * node:worker_threads.
 *
 * It also adds the running portal (src/lib/server/http/portal-server.ts: database, page cache, background jobs) to the
 * server build as dist/server/portal-server.mjs, so that the start script runs it from the same bundle as the pages,
 * with one copy of every module.
 */
import { dirname, posix, resolve } from 'node:path';
import type { Plugin } from 'vite';

const PORTAL_SERVER = resolve(import.meta.dirname, '..', 'src', 'lib', 'server', 'http', 'portal-server.ts');
const WORKER_URL = /new URL\(\s*(['"])(\.\/[\w-]+\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;
const PLACEHOLDER = /__SERVER_WORKER_(\w+)__/g;

export function serverWorkers(): Plugin {
  return {
    name: 'quartiersportal:server-workers',
    apply: 'build',
    applyToEnvironment: (environment) => environment.config.consumer === 'server',
    buildStart() {
      // Only the server bundle that serves requests; a prerender build of the same consumer has no use for it.
      if (this.environment.name === 'ssr') this.emitFile({ type: 'chunk', id: PORTAL_SERVER, fileName: 'portal-server.mjs' });
    },
    transform(code, id) {
      if (!id.endsWith('.ts') || !code.includes('node:worker_threads') || !code.includes('import.meta.url')) return null;
      const rewritten = code.replace(WORKER_URL, (_, _quote: string, relative: string) => {
        // A fixed name, the same in every build.
        const ref = this.emitFile({ type: 'chunk', id: resolve(dirname(id), relative), fileName: `workers/${posix.basename(relative, '.ts')}.mjs` });
        return `new URL(${JSON.stringify(`__SERVER_WORKER_${ref}__`)}, import.meta.url)`;
      });
      return rewritten === code ? null : { code: rewritten, map: null };
    },
    renderChunk(code, chunk) {
      if (!code.includes('__SERVER_WORKER_')) return null;
      const from = posix.dirname(chunk.fileName);
      return {
        code: code.replace(PLACEHOLDER, (_, ref: string) => {
          const target = posix.relative(from, this.getFileName(ref));
          return target.startsWith('.') ? target : `./${target}`;
        }),
        map: null,
      };
    },
  };
}
