/**
 * Worker threads of the server in the build. Vite bundles `new Worker(new URL('./x.ts', import.meta.url))` only for
 * the browser; on the server that URL would point at a TypeScript file next to a chunk in dist/, which does not
 * exist. This plugin makes such a worker a chunk of its own in the server build and points the URL at it, so the
 * built server starts the bundled worker (dist/server/workers/<name>.mjs). It only looks at modules that import
 * node:worker_threads.
 */
import { dirname, posix, resolve } from 'node:path';
import type { Plugin } from 'vite';

const WORKER_URL = /new URL\(\s*(['"])(\.\/[\w-]+\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;
const PLACEHOLDER = /__SERVER_WORKER_(\w+)__/g;

export function serverWorkers(): Plugin {
  return {
    name: 'quartiersportal:server-workers',
    apply: 'build',
    applyToEnvironment: (environment) => environment.config.consumer === 'server',
    transform(code, id) {
      if (!id.endsWith('.ts') || !code.includes('node:worker_threads') || !code.includes('import.meta.url')) return null;
      const rewritten = code.replace(WORKER_URL, (_, _quote: string, relative: string) => {
        // A fixed name, so the start script finds it too (builtWorker in build-if-needed.ts).
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
