// SPEC 2: a database first started with one IPS_SECRET refuses to start with another, with a
// message saying so; `npm run ips -- secret rotate --yes` is the deliberate way out.
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../../src/app.factory';
import { runIps } from '../../../src/cli/ips-cli';
import { loadConfig } from '../../../src/core/config/app-config';
import { SecretMismatchError } from '../../../src/core/crypto/secret-verifier';
import { AppLogger } from '../../../src/core/logging/app-logger';
import { createTenant, signIn, TENANT_ADMIN_PASSWORD } from '../../support/api';
import { ADMIN_PASSWORD, TEST_SECRET, TestApp } from '../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

const OTHER_SECRET = 'another-secret-that-is-also-32-characters-or-more';

function env(db: TestDatabase, secret: string): Record<string, string> {
  return { DATABASE_URL: db.url, DATA_DIR: db.dataDir, IPS_SECRET: secret, IPS_ADMIN_PASSWORD: ADMIN_PASSWORD, IPS_DEMO: 'false' };
}

async function start(db: TestDatabase, secret: string): Promise<TestApp> {
  const config = loadConfig(env(db, secret));
  const logs: string[] = [];
  const app = await createApp(config, new AppLogger('debug', (line) => logs.push(line)));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { app, config, db, url, logs, http: () => request.agent(url), close: () => app.close() };
}

describe('IPS_SECRET verifier', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('stores a verifier at first start, refuses another secret, and rotates only on purpose', async () => {
    const first = await start(db, TEST_SECRET);
    await createTenant(first, 'acme');
    const admin = await signIn(first, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    const { key } = (await admin.post('/acme/api/v1/me/api-key').expect(201)).body as { key: string };
    await request(first.url).get('/acme/api/v1/me').set('Authorization', `Bearer ${key}`).expect(200);
    const verifier = await first.app.get(DataSource).query<{ verifier: string }[]>('SELECT verifier FROM server_secret');
    expect(verifier).toHaveLength(1);
    expect(verifier[0].verifier).toMatch(/^[0-9a-f]{64}$/);
    expect(verifier[0].verifier).not.toContain(TEST_SECRET);
    await first.close();

    // The same secret starts again; another one is refused with the explanation.
    await (await start(db, TEST_SECRET)).close();
    const refused = await start(db, OTHER_SECRET).then(
      (t) => t.close().then(() => null),
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(SecretMismatchError);
    expect((refused as Error).message).toMatch(/IPS_SECRET is not the secret this database was first started with/);
    expect((refused as Error).message).toMatch(/every API key and every website session would be rejected/);

    // Rotation on purpose: keys and sessions go, the new secret is accepted from then on.
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: { write: (s: string) => out.push(s) }, err: { write: (s: string) => err.push(s) }, env: env(db, OTHER_SECRET) };
    expect(await runIps(['secret', 'rotate'], io)).toBe(2);
    expect(err.join('')).toMatch(/needs --yes/);
    expect(await runIps(['secret', 'rotate', '--yes'], io)).toBe(0);
    expect(out.join('')).toMatch(/IPS_SECRET rotated: 1 API key\(s\) and 1 session\(s\) deleted/);
    const rotated = await start(db, OTHER_SECRET);
    try {
      await request(rotated.url).get('/acme/api/v1/me').set('Authorization', `Bearer ${key}`).expect(401);
      await signIn(rotated, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    } finally {
      await rotated.close();
    }
    await expect(start(db, TEST_SECRET)).rejects.toBeInstanceOf(SecretMismatchError);
  });
});
