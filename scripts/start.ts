/**
 * `npm start`: builds when the build is missing or older than the sources, then runs the portal from the build
 * (dist/server/portal-server.mjs: configuration check, database, demo seed, page cache, background jobs; see
 * src/lib/server/http/portal-server.ts) with the Astro handler next to it.
 *
 * Node 24 runs this file itself (its TypeScript has only erasable types), without tsx: the server should not load
 * a compiler, nor pass every page's import through one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, needsBuild, root, serverEntry } from './build-if-needed.ts';

function fail(message: string): never {
  console.error(`quartiersportal: ${message}`);
  process.exit(1);
}

if (!process.argv.includes('--no-build') && needsBuild()) {
  console.log('quartiersportal: building the site (first start or changed sources) …');
  if (!build()) fail('the build failed (see above).');
}
const portalServer = join(root, 'dist', 'server', 'portal-server.mjs');
if (!existsSync(serverEntry) || !existsSync(portalServer)) fail('no build found in dist/ (run `npm run build`).');

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = (await import(pathToFileURL(serverEntry).href)) as { handler: (req: unknown, res: unknown) => void };
const { startPortalServer } = (await import(pathToFileURL(portalServer).href)) as { startPortalServer: (h: typeof handler) => Promise<void> };
await startPortalServer(handler);
