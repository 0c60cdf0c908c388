/**
 * `npm start` and the systemd example start Node with the same allocator and V8 memory settings: the bench
 * measures the one in package.json (bench/before-after.ts reads it), so an operator's server must run what was
 * measured.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startCommandOf } from '../../bench/before-after';

const nodeFlags = (command: string): string[] => {
  const words = command.trim().split(/\s+/);
  return words.slice(
    1,
    words.findIndex((word) => word.endsWith('scripts/start.ts')),
  );
};

const unit = readFileSync('deploy/quartiersportal.service', 'utf8');

describe('start flags', () => {
  it('are the same in package.json and deploy/quartiersportal.service, and limit the heap growth', () => {
    const { args } = startCommandOf('.');
    const execStart = /^ExecStart=(.+)$/m.exec(unit)?.[1] ?? '';
    expect(args.slice(0, -1)).toEqual(nodeFlags(execStart));
    expect(args).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-semi-space-size=\d+$/), expect.stringMatching(/^--heap-growing-percent=\d+$/)]));
  });

  it('set the same glibc allocator variables in both, and the bench starts the server with them', () => {
    const { env } = startCommandOf('.');
    const unitMalloc = Object.fromEntries([...unit.matchAll(/^Environment=(MALLOC_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(env).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' });
    expect(unitMalloc).toEqual(env);
  });
});
