/**
 * Runs Debian's nginx with the site of deploy/nginx.conf in front of a test server, as a city would run it: the
 * file is used as shipped, with only what cannot be the same on a test machine replaced (ports, certificate,
 * ACME folder), and each replacement must find its line, so a changed example fails here instead of going
 * untested. The certificate is a fresh self-signed one for the example's host name.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './server';

/** The host name deploy/nginx.conf is written for; PUBLIC_URL of the portal behind it. */
export const EXAMPLE_HOST = 'quartiere.example-stadt.de';

const siteFile = resolve(import.meta.dirname, '..', '..', 'deploy', 'nginx.conf');

export interface RunningNginx {
  httpPort: number;
  httpsPort: number;
  /** The self-signed certificate nginx serves, for the client's `ca`. */
  certificate: string;
  /** The ACME challenge folder the example serves over plain http. */
  acmeRoot: string;
  /** nginx's access log: one line per request, `<request id> <client address> <status>`. */
  accessLog(): string;
  stop(): Promise<void>;
}

function nginxBinary(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(candidate)) return candidate;
  throw new Error('nginx is needed for the reverse-proxy test (Debian: apt-get install nginx-light; .ci/run installs it)');
}

/** Replaces one line of the example exactly once; anything else means the example changed shape. */
function replaceOnce(site: string, line: RegExp, replacement: string): string {
  const matches = site.match(new RegExp(line.source, 'gm'));
  if (matches?.length !== 1) throw new Error(`deploy/nginx.conf: expected one line matching ${line}, found ${matches?.length ?? 0}`);
  return site.replace(new RegExp(line.source, 'm'), replacement);
}

function removeAll(site: string, line: RegExp): string {
  return site.replace(new RegExp(`${line.source}\\n`, 'gm'), '');
}

function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'fullchain.pem');
  const key = join(dir, 'privkey.pem');
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'].concat([
      '-subj',
      `/CN=${EXAMPLE_HOST}`,
      '-addext',
      `subjectAltName=DNS:${EXAMPLE_HOST}`,
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl could not make a test certificate: ${made.stderr}`);
  return { cert, key };
}

function waitForPort(port: number, nginx: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  return new Promise((ready, fail) => {
    const attempt = (): void => {
      if (nginx.exitCode !== null) return fail(new Error(`nginx exited with ${nginx.exitCode}:\n${log()}`));
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        ready();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) fail(new Error(`nginx did not listen on ${port}:\n${log()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts nginx with the example site in front of the portal listening on 127.0.0.1:`upstreamPort`. */
export async function startNginx(upstreamPort: number): Promise<RunningNginx> {
  const binary = nginxBinary();
  const dir = mkdtempSync(join(tmpdir(), 'quartier-nginx-'));
  // Started as root, nginx's workers run as nobody: they must reach the ACME folder and their temp folders.
  chmodSync(dir, 0o755);
  const acmeRoot = join(dir, 'letsencrypt');
  mkdirSync(acmeRoot);
  const { cert, key } = selfSignedCertificate(dir);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];

  let site = readFileSync(siteFile, 'utf8');
  site = replaceOnce(site, /^\s*server 127\.0\.0\.1:4321;$/, `    server 127.0.0.1:${upstreamPort};`);
  site = replaceOnce(site, /^\s*listen 80;$/, `    listen 127.0.0.1:${httpPort};`);
  site = replaceOnce(site, /^\s*listen 443 ssl http2;$/, `    listen 127.0.0.1:${httpsPort} ssl http2;`);
  // The test machine may have no IPv6 on loopback.
  site = removeAll(site, /^\s*listen \[::\]:\d+.*;$/);
  site = replaceOnce(site, /^\s*ssl_certificate\s+\S+;$/, `    ssl_certificate ${cert};`);
  site = replaceOnce(site, /^\s*ssl_certificate_key\s+\S+;$/, `    ssl_certificate_key ${key};`);
  site = replaceOnce(site, /^\s*root \/var\/www\/letsencrypt;$/, `        root ${acmeRoot};`);
  writeFileSync(join(dir, 'site.conf'), site);

  // What /etc/nginx/nginx.conf would give the site on a server, with everything in the temp folder.
  const main = [
    'daemon off;',
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 128; }',
    'http {',
    `  log_format test '$request_id $remote_addr $status';`,
    `  access_log ${dir}/access.log test;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind}-temp;`),
    `  include ${dir}/site.conf;`,
    '}',
  ].join('\n');
  const config = join(dir, 'nginx.conf');
  writeFileSync(config, main);
  const args = ['-p', dir, '-c', config, '-e', join(dir, 'error.log')];

  const tested = spawnSync(binary, [...args, '-t'], { encoding: 'utf8' });
  if (tested.status !== 0) throw new Error(`nginx -t refused the example:\n${tested.stderr}`);

  const nginx = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const errorLog = (): string => stderr + (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '');
  const exited = new Promise<void>((done) => nginx.once('exit', () => done()));
  await waitForPort(httpsPort, nginx, errorLog);
  await waitForPort(httpPort, nginx, errorLog);

  return {
    httpPort,
    httpsPort,
    certificate: readFileSync(cert, 'utf8'),
    acmeRoot,
    accessLog: () => (existsSync(join(dir, 'access.log')) ? readFileSync(join(dir, 'access.log'), 'utf8') : ''),
    async stop() {
      if (nginx.exitCode !== null || nginx.signalCode !== null) return;
      // SIGQUIT: graceful shutdown, as `nginx -s quit` does.
      nginx.kill('SIGQUIT');
      await exited;
    },
  };
}
