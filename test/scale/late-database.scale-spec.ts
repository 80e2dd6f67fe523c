// Issue 12: a server started while its MySQL/MariaDB is down does not exit. It listens, says
// once what it waits for (never the password), answers /health/live 200, /health 503 and every
// database request 503 with Retry-After, and when the database appears it runs the migrations
// and its start-up checks and serves normally. A changed IPS_SECRET is still refused then.
import { createConnection } from 'mysql2/promise';
import { createTenant, signIn, TENANT_ADMIN_PASSWORD } from '../support/api';
import { PrivateMariaDb, startPrivateMariaDb } from '../support/private-mariadb';
import { ServerProcess, startServer, stopAll } from '../support/processes';
import { at, call, SERVER_ENV, sleep } from './fixture';

const WAITING = /IPS server is waiting for its database/;
const DB_PASSWORD = 'late-db-password-7f3a';

describe('start-up while the database is down', () => {
  let db: PrivateMariaDb;
  let databaseUrl: string;

  beforeAll(async () => {
    db = await startPrivateMariaDb();
    const admin = await createConnection(db.serverUrl);
    await admin.query('CREATE DATABASE ips CHARACTER SET utf8mb4');
    await admin.query(`CREATE USER 'ips'@'127.0.0.1' IDENTIFIED BY '${DB_PASSWORD}'`);
    await admin.query(`GRANT ALL ON ips.* TO 'ips'@'127.0.0.1'`);
    await admin.end();
    databaseUrl = `mysql://ips:${DB_PASSWORD}@127.0.0.1:${db.port}/ips`;
    await db.kill();
  });
  afterAll(async () => {
    await stopAll();
    await db?.stop();
  });

  async function waitForHealth(server: ServerProcess): Promise<number> {
    let status = 0;
    for (let i = 0; i < 120 && status !== 200 && server.child.exitCode === null; i++) {
      status = (await call(`${server.url}/health`, {}, 5000)).status;
      if (status !== 200) await sleep(500);
    }
    return status;
  }

  it('listens with outage answers, then migrates and serves once mariadbd starts', async () => {
    const server = await startServer({ ...SERVER_ENV, DATABASE_URL: databaseUrl, DB_CONNECT_TIMEOUT_MS: '1000' }, 60_000, WAITING);
    const warning =
      server
        .output()
        .split('\n')
        .find((line) => WAITING.test(line)) ?? '';
    expect(warning).toContain(`127.0.0.1:${db.port}`);
    expect(warning).toContain('database "ips"');
    expect(warning).toContain('user "ips"');
    expect(server.output()).not.toContain(DB_PASSWORD);

    expect((await call(`${server.url}/health/live`)).status).toBe(200);
    expect((await call(`${server.url}/health`)).status).toBe(503);
    const tenantRoute = await call(`${server.url}/acme/api/v1/tenant-info`);
    expect(tenantRoute.status).toBe(503);
    expect(Number(tenantRoute.headers['retry-after'])).toBeGreaterThan(0);
    const odata = await call(`${server.url}/acme/odata/Projects`);
    expect(odata.status).toBe(503);
    expect(odata.headers['odata-version']).toBe('4.0');
    expect(JSON.parse(odata.body).error.code).toBe('database-unavailable');
    // A few seconds of waiting: the process stays, and its log does not grow per attempt.
    await sleep(3000);
    expect(server.child.exitCode).toBeNull();
    expect(
      server
        .output()
        .split('\n')
        .filter((line) => /not reachable/.test(line)).length,
    ).toBeLessThanOrEqual(2);

    await db.restart();
    expect(await waitForHealth(server)).toBe(200);
    // The migrations ran and the IPS Administrator was set up: a tenant can be created and used.
    await createTenant(at(server.url), 'late');
    await signIn(at(server.url), 'late', 'Administrator', TENANT_ADMIN_PASSWORD);
    expect((await call(`${server.url}/late/api/v1/tenant-info`)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
    expect(server.output()).not.toContain(DB_PASSWORD);
  });

  it('still refuses a changed IPS_SECRET when the database comes later', async () => {
    await stopAll();
    await db.kill();
    const server = await startServer(
      { ...SERVER_ENV, IPS_SECRET: 'another-secret-of-at-least-32-characters', DATABASE_URL: databaseUrl, DB_CONNECT_TIMEOUT_MS: '1000' },
      60_000,
      WAITING,
    );
    expect((await call(`${server.url}/health`)).status).toBe(503);
    await db.restart();
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output()).toContain('IPS_SECRET is not the secret this database was first started with');
  });
});
