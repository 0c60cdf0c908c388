/**
 * Runtime configuration from environment variables, read at start-up (never baked into the build).
 * Invalid values are reported as one clear German/English line by the start script.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isProxyEntry } from '../http/client';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface OperatorInfo {
  /** Who runs the portal, for Impressum, Datenschutz and the accessibility statement. */
  name: string;
  address: string;
  email: string;
  phone: string;
  representative: string;
  dataProtectionOfficer: string;
  accessibilityContact: string;
  /** Enforcement body for the accessibility statement (Schlichtungsstelle). */
  enforcementBody: string;
}

export interface Config {
  mode: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databasePath: string;
  publicUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  mailDir: string;
  /** First wait before a failed mail is tried again (doubled after each failure, at most 6 hours). */
  mailRetryMs: number;
  /** Demo city and demo accounts are only created outside production. */
  demo: boolean;
  /**
   * Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or CIDR ranges). Empty by
   * default: then the headers are ignored and the connection's address is the visitor's.
   */
  trustedProxies: string[];
  /**
   * Key from which the secret feed addresses are derived (the database keeps only their hashes). Unset: a random
   * key is kept in the file `feed-secret` next to the database, created at first use.
   */
  feedSecret: string | null;
  /**
   * Which websites may show the embeddable calendar in a frame: CSP `frame-ancestors` sources, `*` (any) by
   * default, e.g. `https://buergerverein-kray.de https://*.essen.de`; `'none'` switches embedding off. Every other
   * page may never be framed.
   */
  embedFrameAncestors: string;
  /** Keep anonymous public pages and feeds in memory until the data or the minute changes. */
  pageCache: boolean;
  siteName: string;
  operator: OperatorInfo;
  /** Organisations' subscribed calendars: how often they are fetched, and whether private addresses may be. */
  calendarImport: { intervalMs: number; allowPrivateAddresses: boolean };
  /**
   * The folder with the operator's videos in Deutscher Gebärdensprache (BITV 2.0 § 4), shown and served at
   * `/gebaerdensprache`; null until one is configured (the page then says so and points to the Quartiersmanagement).
   */
  signLanguageVideoDir: string | null;
}

type Env = Record<string, string | undefined>;

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 4321;
  if (!/^\d+$/.test(value)) throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${value}".`);
  const port = Number(value);
  if (port > 65535) throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${value}".`);
  return port;
}

function parseMode(value: string | undefined): Config['mode'] {
  if (value === undefined || value === '' || value === 'development') return 'development';
  if (value === 'production' || value === 'test') return value;
  throw new ConfigError(`NODE_ENV must be "development", "production" or "test", not "${value}".`);
}

function parseUrl(name: string, value: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${value}".`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')}, not "${value}".`);
  }
  return value.replace(/\/+$/, '');
}

function parseSeconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 86_400) {
    throw new ConfigError(`${name} must be a whole number of seconds from 1 to 86400, not "${value}".`);
  }
  return Number(value);
}

function parseProxies(value: string | undefined): string[] {
  const entries = (value ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
  const bad = entries.find((entry) => !isProxyEntry(entry));
  if (bad !== undefined) throw new ConfigError(`TRUSTED_PROXIES must list IP addresses or ranges (e.g. 127.0.0.1,::1 or 10.0.0.0/8), not "${bad}".`);
  return entries;
}

function parseFeedSecret(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (value.trim().length < 32) throw new ConfigError('FEED_SECRET must be at least 32 characters long (e.g. `openssl rand -base64 32`).');
  return value.trim();
}

const FRAME_SOURCE = /^(?:\*|https?:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?)$/i;

function parseFrameAncestors(value: string | undefined): string {
  const sources = (value ?? '').split(/[\s,]+/).filter((source) => source !== '');
  if (sources.length === 0) return '*';
  if (sources.length === 1 && sources[0] === "'none'") return "'none'";
  const bad = sources.find((source) => !FRAME_SOURCE.test(source));
  if (bad !== undefined) {
    throw new ConfigError(`EMBED_FRAME_ANCESTORS must list * or website origins (e.g. https://verein.example https://*.stadt.example), not "${bad}".`);
  }
  return sources.join(' ');
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, not "${value}".`);
}

function parseExistingFolder(name: string, value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const folder = resolve(value.trim());
  // A typing error in the path would otherwise only show as "no videos yet" on the page.
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw new ConfigError(`${name} must name an existing folder, not "${value}".`);
  return folder;
}

export function loadConfig(env: Env = process.env): Config {
  const mode = parseMode(env.NODE_ENV);
  const host = env.HOST || '127.0.0.1';
  const port = parsePort(env.PORT);
  const databasePath = resolve(env.DATABASE_PATH || './data/quartier.db');
  if (mode === 'production' && !env.PUBLIC_URL) {
    throw new ConfigError('PUBLIC_URL must be set in production (e.g. https://quartiere.example-stadt.de).');
  }
  if (mode === 'production') {
    // Impressum and Datenschutz must name the real operator; the placeholders are for development only.
    const missing = ['OPERATOR_NAME', 'OPERATOR_ADDRESS', 'OPERATOR_EMAIL'].filter((name) => !env[name]?.trim());
    if (missing.length > 0) {
      throw new ConfigError(`${missing.join(', ')} must be set in production (shown in Impressum and Datenschutz).`);
    }
  }
  const publicUrl = parseUrl('PUBLIC_URL', env.PUBLIC_URL || `http://${host}:${port}`, ['http:', 'https:']);
  const smtpUrl = env.SMTP_URL ? parseUrl('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:']) : null;
  const demo = parseBoolean('DEMO', env.DEMO, mode !== 'production');
  if (mode === 'production' && demo) throw new ConfigError('DEMO cannot be switched on in production.');
  // The demo city subscribes to a calendar the portal itself serves; nothing else may fetch from the local network.
  const allowPrivateAddresses = parseBoolean('CALENDAR_IMPORT_ALLOW_PRIVATE', env.CALENDAR_IMPORT_ALLOW_PRIVATE, demo);
  if (mode === 'production' && allowPrivateAddresses) throw new ConfigError('CALENDAR_IMPORT_ALLOW_PRIVATE cannot be switched on in production.');
  return {
    mode,
    host,
    port,
    databasePath,
    publicUrl,
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'Quartiersportal <no-reply@quartiersportal.invalid>',
    mailDir: resolve(env.MAIL_DIR || resolve(databasePath, '..', 'outbox')),
    mailRetryMs: parseSeconds('MAIL_RETRY_SECONDS', env.MAIL_RETRY_SECONDS, 60) * 1000,
    demo,
    trustedProxies: parseProxies(env.TRUSTED_PROXIES),
    feedSecret: parseFeedSecret(env.FEED_SECRET),
    embedFrameAncestors: parseFrameAncestors(env.EMBED_FRAME_ANCESTORS),
    pageCache: parseBoolean('PAGE_CACHE', env.PAGE_CACHE, true),
    siteName: env.SITE_NAME || 'Quartiersportal',
    calendarImport: {
      intervalMs: parseSeconds('CALENDAR_IMPORT_INTERVAL_SECONDS', env.CALENDAR_IMPORT_INTERVAL_SECONDS, 3600) * 1000,
      allowPrivateAddresses,
    },
    signLanguageVideoDir: parseExistingFolder('DGS_VIDEO_DIR', env.DGS_VIDEO_DIR),
    operator: {
      name: env.OPERATOR_NAME || 'Stadt Beispielstadt – Koordinationsstelle Quartiersmanagement',
      address: env.OPERATOR_ADDRESS || 'Rathausplatz 1, 45000 Beispielstadt',
      email: env.OPERATOR_EMAIL || 'quartiersmanagement@beispielstadt.invalid',
      phone: env.OPERATOR_PHONE || '0201 000000',
      representative: env.OPERATOR_REPRESENTATIVE || 'Die Oberbürgermeisterin',
      dataProtectionOfficer: env.OPERATOR_DPO || 'Behördliche Datenschutzbeauftragte, Rathausplatz 1, 45000 Beispielstadt, datenschutz@beispielstadt.invalid',
      accessibilityContact: env.OPERATOR_ACCESSIBILITY_CONTACT || 'barrierefreiheit@beispielstadt.invalid',
      enforcementBody:
        env.OPERATOR_ENFORCEMENT_BODY ||
        'Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen bei der Landesbehindertenbeauftragten, Fürstenwall 25, 40219 Düsseldorf',
    },
  };
}

let cached: Config | undefined;

/** The configuration of this process, read once. */
export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}
