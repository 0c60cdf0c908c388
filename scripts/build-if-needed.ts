import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
export const serverEntry = join(root, 'dist', 'server', 'entry.mjs');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** The build is missing, or a source it depends on changed after it was made. */
export function needsBuild(): boolean {
  if (!existsSync(serverEntry)) return true;
  const built = statSync(serverEntry).mtimeMs;
  return ['src', 'public', 'db', 'astro.config.mjs', 'scripts/server-workers-plugin.ts', 'package.json'].some((p) => newestMtime(join(root, p)) > built);
}

/** Runs `astro build` with this process's Node (24); returns false when the build failed. */
export function build(): boolean {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  return result.status === 0;
}
