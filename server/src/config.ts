import net from 'node:net';
import path from 'node:path';
import bytes from 'bytes';
import { z } from 'zod';
import { isLoopback, parseTrustedProxies } from './core/net.js';
import { DEFAULT_QUEUE_SLOTS, type QueueSlots } from './core/jobs/job-queues.js';

/** Where Nimbus keeps its metadata: the embedded SQLite file or a PostgreSQL server. */
export type DatabaseConfig = { kind: 'sqlite'; file: string; url: string } | { kind: 'postgres'; url: string };

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly redisUrl: string | null;
  /** The address people and devices use to reach Nimbus; links in mails point here. */
  readonly publicUrl: string;
  /** local: plain-HTTP cookies, the outbox page and developer aids; production: none of them. */
  readonly mode: 'local' | 'production';
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly smsWebhook: { url: string; secret: string } | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The built portal; null serves the API alone. */
  readonly webDir: string | null;
  /** Which captcha guards sign-up and repeated failed sign-ins; 'off' is refused in production. */
  readonly captcha: 'altcha' | 'image' | 'off';
  /** Signs captcha challenges and similar short-lived tokens; null: kept in the data folder. */
  readonly secret: string | null;
  /** Also refuse passwords found in HaveIBeenPwned's range API (k-anonymity: only 5 hex digits of the hash leave). */
  readonly pwnedPasswords: { url: string } | null;
  /** Bytes each account may store (the Free plan until plans arrive). */
  readonly freeQuotaBytes: number;
  /**
   * The reverse proxies (`address/prefix`) whose X-Forwarded-For is believed: the client is the
   * first hop from the right that is not one of them. Empty: the socket's peer is the client.
   */
  readonly trustedProxies: readonly string[];
  /** Background jobs running at once per queue in this process. */
  readonly jobSlots: QueueSlots;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const optional = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const urlWithProtocols = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

// 0 asks the system for a free port, as tests and benchmarks do.
const PORT_MESSAGE = 'must be a port number (1–65535, or 0 for any free port)';

const SLOTS_MESSAGE = 'must be a whole number from 1 to 64';
const jobSlots = (fallback: number) =>
  optional
    .pipe(
      z
        .string()
        .regex(/^\d{1,2}$/, SLOTS_MESSAGE)
        .optional(),
    )
    .pipe(z.coerce.number<string | undefined>().int().min(1, SLOTS_MESSAGE).max(64, SLOTS_MESSAGE).default(fallback));

const QUOTA_MESSAGE = 'must be a size such as 5GB, 500MB or 1048576 (bytes)';

const EnvSchema = z.object({
  NIMBUS_PORT: optional
    .pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, PORT_MESSAGE)
        .optional(),
    )
    .pipe(
      z.coerce
        .number<string | undefined>({ message: PORT_MESSAGE })
        .int(PORT_MESSAGE)
        .min(0, PORT_MESSAGE)
        .max(65535, PORT_MESSAGE)
        .default(8080),
    ),
  NIMBUS_HOST: optional.pipe(z.string().default('127.0.0.1')),
  NIMBUS_DATA_DIR: optional.pipe(z.string().default('./data')),
  NIMBUS_DATABASE_URL: optional.pipe(urlWithProtocols(['sqlite:', 'postgres:', 'postgresql:']).optional()),
  NIMBUS_REDIS_URL: optional.pipe(urlWithProtocols(['redis:', 'rediss:']).optional()),
  NIMBUS_PUBLIC_URL: optional.pipe(urlWithProtocols(['http:', 'https:']).optional()),
  NIMBUS_SMTP_URL: optional.pipe(urlWithProtocols(['smtp:', 'smtps:']).optional()),
  NIMBUS_MAIL_FROM: optional,
  NIMBUS_SMS_WEBHOOK_URL: optional.pipe(urlWithProtocols(['http:', 'https:']).optional()),
  NIMBUS_SMS_WEBHOOK_SECRET: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  NIMBUS_LOG_LEVEL: optional.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  NIMBUS_WEB_DIR: optional,
  NIMBUS_CAPTCHA: optional.pipe(z.enum(['altcha', 'image', 'off']).default('altcha')),
  NIMBUS_SECRET: optional.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  NIMBUS_PWNED_PASSWORDS: optional.pipe(z.enum(['on', 'off']).default('off')),
  NIMBUS_FREE_QUOTA: optional.pipe(
    z
      .string()
      // bytes.parse reads "1.5.5GB" as 1.5 GB and "-1GB" as negative: the shape is checked first.
      .regex(/^\d+(\.\d+)?\s*([kmgtp]?b)?$/i, QUOTA_MESSAGE)
      .default('5GB')
      .transform((value) => bytes.parse(value))
      .pipe(z.number({ message: QUOTA_MESSAGE }).int(QUOTA_MESSAGE).min(0, QUOTA_MESSAGE)),
  ),
  NIMBUS_TRUSTED_PROXIES: optional.pipe(z.string().default('')),
  NIMBUS_JOB_SLOTS_MESSAGES: jobSlots(DEFAULT_QUEUE_SLOTS.messages),
  NIMBUS_JOB_SLOTS_MEDIA: jobSlots(DEFAULT_QUEUE_SLOTS.media),
  NIMBUS_JOB_SLOTS_MAINTENANCE: jobSlots(DEFAULT_QUEUE_SLOTS.maintenance),
  NIMBUS_PWNED_PASSWORDS_URL: optional.pipe(
    urlWithProtocols(['http:', 'https:']).default('https://api.pwnedpasswords.com'),
  ),
});

/** Variables whose values are never echoed back in an error: they may hold credentials. */
const SECRET_VARIABLES = new Set(['NIMBUS_SMS_WEBHOOK_SECRET', 'NIMBUS_SECRET']);

/** A value as it may appear in an error line: secrets hidden, credentials in URLs masked. */
function shown(name: string, value: string): string {
  if (SECRET_VARIABLES.has(name)) return '(hidden)';
  if (name.endsWith('_URL')) return JSON.stringify(value.replace(/\/\/[^/@\s]*@/, '//***@'));
  return JSON.stringify(value);
}

function parseDatabaseUrl(url: string | undefined, dataDir: string): DatabaseConfig {
  if (url === undefined) {
    const file = path.join(dataDir, 'nimbus.db');
    return { kind: 'sqlite', file, url: `sqlite:${file}` };
  }
  if (url.startsWith('sqlite:')) {
    // sqlite:relative/path, sqlite:/absolute/path and sqlite:///absolute/path all work.
    const raw = decodeURIComponent(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''));
    const file = path.resolve(raw);
    return { kind: 'sqlite', file, url: `sqlite:${file}` };
  }
  return { kind: 'postgres', url };
}

/**
 * Reads Nimbus's configuration from environment variables. Throws ConfigError listing every bad
 * variable, one line each, so an operator fixes them all in one go.
 */
export function loadConfig(env: Record<string, string | undefined>, defaults: { webDir?: string | null } = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const value = env[name];
        return `${name}: ${issue.message}${value === undefined ? '' : ` (got ${shown(name, value)})`}`;
      }),
    );
  }
  const vars = parsed.data;
  const problems: string[] = [];
  const dataDir = path.resolve(vars.NIMBUS_DATA_DIR);
  const listenHost = net.isIPv6(vars.NIMBUS_HOST) ? `[${vars.NIMBUS_HOST}]` : vars.NIMBUS_HOST;
  const publicUrl = (vars.NIMBUS_PUBLIC_URL ?? `http://${listenHost}:${vars.NIMBUS_PORT}`).replace(/\/+$/, '');
  if (!URL.canParse(publicUrl)) {
    throw new ConfigError([`NIMBUS_HOST: is not a host name or IP address (got ${JSON.stringify(vars.NIMBUS_HOST)})`]);
  }
  const publicHost = new URL(publicUrl).hostname;
  const mode = isLoopback(publicHost) || vars.NIMBUS_PUBLIC_URL === undefined ? 'local' : 'production';
  if (mode === 'production' && !publicUrl.startsWith('https:')) {
    problems.push(
      `NIMBUS_PUBLIC_URL: must use https:// unless it points at this machine (got ${JSON.stringify(publicUrl)})`,
    );
  }
  if (vars.NIMBUS_SMS_WEBHOOK_URL !== undefined && vars.NIMBUS_SMS_WEBHOOK_SECRET === undefined) {
    problems.push(
      'NIMBUS_SMS_WEBHOOK_SECRET: required when NIMBUS_SMS_WEBHOOK_URL is set (the webhook is signed with it)',
    );
  }
  if (mode === 'production' && vars.NIMBUS_CAPTCHA === 'off') {
    problems.push('NIMBUS_CAPTCHA: "off" is for local development only; use altcha or image in production');
  }
  const trusted = parseTrustedProxies(vars.NIMBUS_TRUSTED_PROXIES);
  for (const problem of trusted.problems) problems.push(`NIMBUS_TRUSTED_PROXIES: ${problem}`);
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    port: vars.NIMBUS_PORT,
    host: vars.NIMBUS_HOST,
    dataDir,
    database: Object.freeze(parseDatabaseUrl(vars.NIMBUS_DATABASE_URL, dataDir)),
    redisUrl: vars.NIMBUS_REDIS_URL ?? null,
    publicUrl,
    mode,
    smtpUrl: vars.NIMBUS_SMTP_URL ?? null,
    mailFrom: vars.NIMBUS_MAIL_FROM ?? `Nimbus <no-reply@${publicHost.replace(/^\[|\]$/g, '')}>`,
    smsWebhook:
      vars.NIMBUS_SMS_WEBHOOK_URL === undefined || vars.NIMBUS_SMS_WEBHOOK_SECRET === undefined
        ? null
        : Object.freeze({ url: vars.NIMBUS_SMS_WEBHOOK_URL, secret: vars.NIMBUS_SMS_WEBHOOK_SECRET }),
    logLevel: vars.NIMBUS_LOG_LEVEL,
    webDir: vars.NIMBUS_WEB_DIR === undefined ? (defaults.webDir ?? null) : path.resolve(vars.NIMBUS_WEB_DIR),
    captcha: vars.NIMBUS_CAPTCHA,
    secret: vars.NIMBUS_SECRET ?? null,
    pwnedPasswords:
      vars.NIMBUS_PWNED_PASSWORDS === 'on' ? Object.freeze({ url: vars.NIMBUS_PWNED_PASSWORDS_URL }) : null,
    freeQuotaBytes: vars.NIMBUS_FREE_QUOTA,
    trustedProxies: Object.freeze(trusted.proxies),
    jobSlots: Object.freeze({
      messages: vars.NIMBUS_JOB_SLOTS_MESSAGES,
      media: vars.NIMBUS_JOB_SLOTS_MEDIA,
      maintenance: vars.NIMBUS_JOB_SLOTS_MAINTENANCE,
    }),
  });
}

/** The configuration as it may be shown to an operator: credentials in URLs and secrets masked. */
export function describeConfig(config: Config): Record<string, string | number | null> {
  const mask = (url: string | null) => {
    if (url === null) return null;
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  };
  return {
    port: config.port,
    host: config.host,
    dataDir: config.dataDir,
    database: config.database.kind === 'sqlite' ? config.database.url : mask(config.database.url),
    redisUrl: mask(config.redisUrl),
    publicUrl: config.publicUrl,
    mode: config.mode,
    smtpUrl: mask(config.smtpUrl),
    mailFrom: config.mailFrom,
    smsWebhookUrl: config.smsWebhook === null ? null : mask(config.smsWebhook.url),
    smsWebhookSecret: config.smsWebhook === null ? null : '***',
    logLevel: config.logLevel,
    webDir: config.webDir,
    captcha: config.captcha,
    secret: config.secret === null ? '(kept in the data folder)' : '***',
    pwnedPasswords: config.pwnedPasswords === null ? 'off' : config.pwnedPasswords.url,
    freeQuota: bytes.format(config.freeQuotaBytes),
    trustedProxies: config.trustedProxies.length === 0 ? 'none' : config.trustedProxies.join(', '),
    jobSlots: `messages ${config.jobSlots.messages}, media ${config.jobSlots.media}, maintenance ${config.jobSlots.maintenance}`,
  };
}
