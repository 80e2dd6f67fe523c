// Environment configuration, validated once at start-up so that a bad value stops the
// server with a message naming the variable (SPEC 2). Nothing else reads process.env.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { TrustedProxies, trustedProxies, TrustedProxyEntryError } from '../http/trusted-proxies';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'mysql'; url: string };

/** Bounds on waiting for MySQL/MariaDB, so that a stalled database answers 503 instead of hanging (SPEC 2). */
export interface DatabasePoolConfig {
  size: number;
  connectTimeoutMs: number;
  acquireTimeoutMs: number;
  queryTimeoutMs: number;
}

export interface AppConfig {
  host: string;
  port: number;
  database: DatabaseConfig;
  /** True when the database is the embedded SQLite default (no DATABASE_URL). */
  embedded: boolean;
  /** Where the embedded database, the generated secret and the one-time passwords file live. */
  dataDir: string;
  adminPassword: string | null;
  secret: string;
  publicUrl: URL | null;
  /** Proxies whose X-Forwarded-* headers are believed (addresses and CIDR ranges, normalised). */
  trustProxy: TrustedProxies;
  metricsToken: string | null;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Create the demo tenant on an empty SQLite database (default: only the embedded one). */
  demo: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** json for journald, containers and log shippers; pretty (readable lines) on a terminal. */
  logFormat: 'json' | 'pretty';
  databasePool: DatabasePoolConfig;
  /** How long SIGTERM/SIGINT waits for in-flight requests before the process exits anyway. */
  shutdownGraceMs: number;
  /** Optional Redis for instant cross-process cache invalidation (redis:// or rediss://). */
  redisUrl: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function parseDatabase(env: Env, dataDir: string): DatabaseConfig {
  const raw = env.DATABASE_URL;
  if (!raw) return { type: 'sqlite', path: join(dataDir, 'ips.sqlite') };
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new ConfigError('DATABASE_URL', 'needs a file path after "sqlite:"');
    if (path === ':memory:') return { type: 'sqlite', path };
    const file = resolve(path);
    // A typo in the path must not quietly create a fresh, empty database somewhere else.
    if (!existsSync(dirname(file)) || !statSync(dirname(file)).isDirectory()) {
      throw new ConfigError('DATABASE_URL', `names ${file}, but its folder ${dirname(file)} does not exist (create it first)`);
    }
    return { type: 'sqlite', path: file };
  }
  if (/^(mysql|mariadb):\/\//.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid mysql:// URL');
    }
    if (!url.hostname || url.pathname.length < 2) {
      throw new ConfigError('DATABASE_URL', 'must be mysql://user:pass@host:3306/database');
    }
    return { type: 'mysql', url: raw.replace(/^mariadb:/, 'mysql:') };
  }
  throw new ConfigError('DATABASE_URL', 'must start with sqlite: or mysql://');
}

/**
 * The data folder holds the embedded database, the generated secret and the one-time
 * passwords: readable by the server's user only (folder 0700, files 0600).
 */
export function ensurePrivateDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}

/** Reads the embedded secret from the data folder, creating it once (mode 0600). */
function embeddedSecret(dataDir: string): string {
  const file = join(dataDir, 'ips-secret');
  ensurePrivateDataDir(dataDir);
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return readFileSync(file, 'utf8').trim();
  }
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** Only what the migrations need (npm run migration:run): no IPS_SECRET, no server settings. */
export function loadDatabaseConfig(env: Env = process.env): { database: DatabaseConfig; embedded: boolean; dataDir: string } {
  const dataDir = resolve(env.DATA_DIR || './data');
  const embedded = !env.DATABASE_URL;
  if (embedded) ensurePrivateDataDir(dataDir);
  return { database: parseDatabase(env, dataDir), embedded, dataDir };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const { database, embedded, dataDir } = loadDatabaseConfig(env);

  const host = env.HOST || '127.0.0.1';
  if (!isIP(host) && !/^[A-Za-z0-9.-]+$/.test(host)) throw new ConfigError('HOST', `is not a host name or address: "${host}"`);
  const port = integer(env, 'PORT', 3000, 0, 65535);

  let secret = env.IPS_SECRET;
  if (secret !== undefined && secret !== '') {
    if (secret.length < 32) throw new ConfigError('IPS_SECRET', 'must be at least 32 characters');
  } else if (database.type === 'mysql') {
    throw new ConfigError('IPS_SECRET', 'is required with a MySQL DATABASE_URL (at least 32 characters)');
  } else {
    secret = embeddedSecret(dataDir);
  }

  const adminPassword = env.IPS_ADMIN_PASSWORD || null;
  if (adminPassword !== null && adminPassword.length < 12) {
    throw new ConfigError('IPS_ADMIN_PASSWORD', 'must be at least 12 characters');
  }

  let publicUrl: URL | null = null;
  if (env.PUBLIC_URL) {
    try {
      publicUrl = new URL(env.PUBLIC_URL);
    } catch {
      throw new ConfigError('PUBLIC_URL', `is not an absolute URL: "${env.PUBLIC_URL}"`);
    }
    if (publicUrl.protocol !== 'http:' && publicUrl.protocol !== 'https:') {
      throw new ConfigError('PUBLIC_URL', 'must be an http or https URL');
    }
    if (publicUrl.search || publicUrl.hash) throw new ConfigError('PUBLIC_URL', 'must not have a query or fragment');
  }

  let trustProxy: TrustedProxies;
  try {
    trustProxy = trustedProxies(env.TRUST_PROXY || '');
  } catch (error) {
    if (!(error instanceof TrustedProxyEntryError)) throw error;
    throw new ConfigError('TRUST_PROXY', `must be a comma-separated list of IP addresses and CIDR ranges (10.0.0.0/8): ${error.message}`);
  }

  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken !== null && metricsToken.length < 16) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters');
  }

  const logLevel = (env.LOG_LEVEL || 'info') as AppConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', 'must be one of debug, info, warn, error, silent');
  }
  const logFormat = (env.LOG_FORMAT || (process.stdout.isTTY ? 'pretty' : 'json')) as AppConfig['logFormat'];
  if (!['json', 'pretty'].includes(logFormat)) throw new ConfigError('LOG_FORMAT', 'must be json or pretty');
  const demoRaw = env.IPS_DEMO || (embedded ? 'true' : 'false');
  if (!['true', 'false'].includes(demoRaw)) throw new ConfigError('IPS_DEMO', 'must be true or false');
  if (demoRaw === 'true' && database.type !== 'sqlite') throw new ConfigError('IPS_DEMO', 'can only be true with SQLite (no demo tenant on MySQL)');

  const redisUrl = env.REDIS_URL || null;
  if (redisUrl !== null) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(redisUrl);
    } catch {
      // reported below
    }
    if (!parsed || !['redis:', 'rediss:'].includes(parsed.protocol) || !parsed.hostname) {
      throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379');
    }
  }

  return {
    host,
    port,
    database,
    embedded,
    dataDir,
    adminPassword,
    secret,
    publicUrl,
    trustProxy,
    metricsToken,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    demo: demoRaw === 'true',
    logLevel,
    logFormat,
    databasePool: {
      size: integer(env, 'DB_POOL_SIZE', 20, 1, 1000),
      connectTimeoutMs: integer(env, 'DB_CONNECT_TIMEOUT_MS', 3000, 100, 120_000),
      acquireTimeoutMs: integer(env, 'DB_ACQUIRE_TIMEOUT_MS', 5000, 100, 120_000),
      queryTimeoutMs: integer(env, 'DB_QUERY_TIMEOUT_MS', 15_000, 100, 3_600_000),
    },
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 30_000, 0, 3_600_000),
    redisUrl,
  };
}

/** Injection token for the AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
