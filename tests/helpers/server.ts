/**
 * Starts the built portal as `npm start` would (same start script, real HTTP, real SQLite file) on a free
 * port with its own temp database and mail folder. The build itself is made once by tests/global-setup.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { copyDemoTemplate } from './demo-template';

export interface RunningServer {
  url: string;
  port: number;
  dbPath: string;
  mailDir: string;
  process: ChildProcess;
  /** Everything the server printed, for assertions and for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

const root = resolve(import.meta.dirname, '..', '..');

export interface StartOptions {
  /** Extra environment (e.g. SMTP_URL, NODE_ENV, DEMO). */
  env?: Record<string, string>;
  /** Reuse a database file (e.g. to restart after a crash). */
  dbPath?: string;
  port?: number;
  /** Resolve when this line appears; default: the listening line. */
  waitFor?: RegExp;
  timeoutMs?: number;
}

/** Spawns the start script; resolves once it listens, rejects with its output if it exits first. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'quartier-server-'));
  const port = options.port ?? (await freePort());
  const dbPath = options.dbPath ?? join(dir, 'quartier.db');
  const mailDir = join(dir, 'outbox');
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_PATH: dbPath,
    MAIL_DIR: mailDir,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...options.env,
  };
  if (!options.dbPath) copyDemoTemplate(dbPath, env, env.PUBLIC_URL!);
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.ts'), '--no-build'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const waitFor = options.waitFor ?? /listening on/;
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), options.timeoutMs ?? 30_000);
    const check = (): void => {
      if (waitFor.test(output)) {
        clearTimeout(timer);
        resolveReady();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dbPath,
    mailDir,
    process: child,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs the start script expecting it to fail; resolves with exit code and output. */
export async function runStartExpectingExit(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.ts'), '--no-build'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolveExit) => child.once('exit', (c) => resolveExit(c)));
  clearTimeout(timer);
  return { code, output };
}
