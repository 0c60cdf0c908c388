/**
 * `npm start` and the systemd example start Node with the same V8 memory settings: the bench measures the one in
 * package.json (bench/before-after.ts reads it), so an operator's server must run what was measured.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const nodeFlags = (command: string): string[] => {
  const words = command.trim().split(/\s+/);
  return words.slice(
    1,
    words.findIndex((word) => word.endsWith('scripts/start.ts')),
  );
};

describe('start flags', () => {
  it('are the same in package.json and deploy/quartiersportal.service, and limit the heap growth', () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
    const execStart = /^ExecStart=(.+)$/m.exec(readFileSync('deploy/quartiersportal.service', 'utf8'))?.[1] ?? '';
    expect(nodeFlags(start)).toEqual(nodeFlags(execStart));
    expect(nodeFlags(start)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^--max-semi-space-size=\d+$/), expect.stringMatching(/^--heap-growing-percent=\d+$/)]),
    );
  });
});
