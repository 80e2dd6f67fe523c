import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadDatabaseConfig } from './app-config';

const made: string[] = [];
/** A private temporary folder, removed after the tests. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ips-config-'));
  made.push(dir);
  return dir;
}
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const SECRET = 'a'.repeat(32);

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ IPS_SECRET: SECRET, DATA_DIR: tempDir(), ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:3000 and the embedded SQLite file in the data folder', () => {
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, embedded: true, database: { type: 'sqlite', path: join(dataDir, 'ips.sqlite') } });
  });

  it('generates the embedded IPS_SECRET once, keeps it private in the data folder and reuses it', () => {
    const dataDir = tempDir();
    const first = loadConfig({ DATA_DIR: dataDir }).secret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dataDir }).secret).toBe(first);
    expect(readFileSync(join(dataDir, 'ips-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dataDir, 'ips-secret')).mode & 0o077).toBe(0);
  });

  it.each([
    [{ PORT: 'http' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ IPS_SECRET: 'short' }, 'IPS_SECRET'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://root@127.0.0.1:3306/ips', IPS_SECRET: '' }, 'IPS_SECRET'],
    [{ PUBLIC_URL: 'ips.example.com' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'ftp://ips.example.com' }, 'PUBLIC_URL'],
    [{ TRUST_PROXY: '10.0.0.1, proxy.local' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.1/8' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '::1/129' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/x' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '/8' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '127.0.0.1:8080' }, 'TRUST_PROXY'],
    [{ IPS_ADMIN_PASSWORD: 'short' }, 'IPS_ADMIN_PASSWORD'],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ IPS_DEMO: 'yes' }, 'IPS_DEMO'],
    [{ DB_POOL_SIZE: '0' }, 'DB_POOL_SIZE'],
    [{ DB_CONNECT_TIMEOUT_MS: '1s' }, 'DB_CONNECT_TIMEOUT_MS'],
    [{ DB_ACQUIRE_TIMEOUT_MS: '10' }, 'DB_ACQUIRE_TIMEOUT_MS'],
    [{ DB_QUERY_TIMEOUT_MS: '-5' }, 'DB_QUERY_TIMEOUT_MS'],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, 'SHUTDOWN_GRACE_MS'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
  ])('refuses %j with a message naming %s', (env, variable) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('reads MySQL URLs, PUBLIC_URL and trusted proxies', () => {
    const config = loadConfig({
      DATABASE_URL: 'mysql://u:p@db:3306/ips',
      IPS_SECRET: SECRET,
      PUBLIC_URL: 'https://ips.example.com',
      TRUST_PROXY: '10.0.0.1,::1',
    });
    expect(config).toMatchObject({
      embedded: false,
      demo: false,
      database: { type: 'mysql', url: 'mysql://u:p@db:3306/ips' },
    });
    expect(config.trustProxy.entries).toEqual(['10.0.0.1', '::1']);
    expect(config.publicUrl?.origin).toBe('https://ips.example.com');
  });

  it('refuses a sqlite: path whose folder does not exist, instead of creating it', () => {
    const dir = tempDir();
    const error = errorOf({ DATABASE_URL: `sqlite:${join(dir, 'no-such-folder', 'ips.sqlite')}` });
    expect(error.message).toBe(
      `Invalid configuration: DATABASE_URL names ${join(dir, 'no-such-folder', 'ips.sqlite')}, but its folder ${join(dir, 'no-such-folder')} does not exist (create it first)`,
    );
    expect(loadConfig({ IPS_SECRET: SECRET, DATABASE_URL: `sqlite:${join(dir, 'ips.sqlite')}` }).database).toEqual({
      type: 'sqlite',
      path: join(dir, 'ips.sqlite'),
    });
  });

  it('creates the demo tenant by default only on the embedded database, never on MySQL', () => {
    const dir = tempDir();
    expect(loadConfig({ DATA_DIR: dir }).demo).toBe(true);
    expect(loadConfig({ IPS_SECRET: SECRET, DATABASE_URL: `sqlite:${join(dir, 'x.sqlite')}` }).demo).toBe(false);
    expect(loadConfig({ IPS_SECRET: SECRET, DATABASE_URL: `sqlite:${join(dir, 'x.sqlite')}`, IPS_DEMO: 'true' }).demo).toBe(true);
    expect(errorOf({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/ips', IPS_DEMO: 'true' }).variable).toBe('IPS_DEMO');
  });

  it('keeps the data folder private (0700)', () => {
    const dir = join(tempDir(), 'data');
    loadConfig({ DATA_DIR: dir });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('reads only the database settings for the migrations: no IPS_SECRET needed with MySQL', () => {
    expect(loadDatabaseConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/ips' }).database).toEqual({ type: 'mysql', url: 'mysql://root@127.0.0.1:3306/ips' });
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/ips' })).toThrow(ConfigError);
  });

  it('validates LOG_FORMAT', () => {
    expect(errorOf({ LOG_FORMAT: 'xml' }).variable).toBe('LOG_FORMAT');
    expect(loadConfig({ DATA_DIR: tempDir(), LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('reads the database bounds, the shutdown grace period and REDIS_URL', () => {
    const config = loadConfig({
      DATABASE_URL: 'mysql://u:p@db:3306/ips',
      IPS_SECRET: SECRET,
      DB_POOL_SIZE: '8',
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_ACQUIRE_TIMEOUT_MS: '1500',
      DB_QUERY_TIMEOUT_MS: '2500',
      SHUTDOWN_GRACE_MS: '4000',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.databasePool).toEqual({ size: 8, connectTimeoutMs: 1000, acquireTimeoutMs: 1500, queryTimeoutMs: 2500 });
    expect(config.shutdownGraceMs).toBe(4000);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
  });
});
