// SPEC 3 "Changes take effect" and SPEC 7: two server processes on one database (two app
// instances here). A change made through one is seen by the other within one second, and
// sessions and throttling counters are shared.
import { basic, createTenant, createUserWithRoles, requestFrom, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two server processes on one database', () => {
  let a: TestApp;
  let b: TestApp;
  let key: string;
  let userId: number;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ DATABASE_URL: a.db.url });
    await createTenant(a, 'acme');
    const admin = await signIn(a, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    userId = await createUserWithRoles(admin, 'acme', 'feeder', ['Security/API Key', 'Data/Read']);
    const feeder = await signIn(a, 'acme', 'feeder', USER_PASSWORD);
    key = (await feeder.post('/acme/api/v1/me/api-key').expect(201)).body.key;
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const odata = (t: TestApp, address = '127.0.0.1') => requestFrom(t, address, '/acme/odata/', { headers: { Authorization: basic('FeedKey', key) } });

  it('sees a lock made through the other process within one second, and at once in the process that made it', async () => {
    expect((await odata(b)).status).toBe(200); // b has the key's owner in its cache now
    const admin = await signIn(a, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    await admin.patch(`/acme/api/v1/users/${userId}`, { locked: true }).expect(200);
    expect((await odata(a)).status).toBe(403); // the very next request on the process that changed it
    await sleep(1100);
    expect((await odata(b)).status).toBe(403);
    await admin.patch(`/acme/api/v1/users/${userId}`, { locked: false }).expect(200);
    await sleep(1100);
    expect((await odata(b)).status).toBe(200);
  });

  it('refuses a replaced key on the other process within one second', async () => {
    expect((await odata(b)).status).toBe(200);
    const feeder = await signIn(a, 'acme', 'feeder', USER_PASSWORD);
    const newKey = (await feeder.post('/acme/api/v1/me/api-key').expect(201)).body.key;
    expect((await odata(a)).status).toBe(401);
    await sleep(1100);
    expect((await odata(b)).status).toBe(401);
    key = newKey;
    expect((await odata(b)).status).toBe(200);
  });

  it('serves a session started on one process from the other, and ends it everywhere at logout', async () => {
    const feeder = await signIn(a, 'acme', 'feeder', USER_PASSWORD);
    const onB = (await import('supertest')).default(b.url);
    await onB.get('/acme/api/v1/me').set('Cookie', feeder.cookie).expect(200);
    await feeder.post('/acme/auth/logout').expect(204);
    await feeder.get('/acme/api/v1/me').expect(401); // at once on the process that ended it
    // b caches sessions like keys: the end is seen there within the cache's second (SPEC 3).
    await sleep(1100);
    await onB.get('/acme/api/v1/me').set('Cookie', feeder.cookie).expect(401);
  });

  it('counts failed credentials from one address on both processes', async () => {
    const wrong = { Authorization: basic('FeedKey', 'psk_' + 'w'.repeat(49)) };
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++) status = (await requestFrom(a, '127.0.0.77', '/acme/odata/', { headers: wrong })).status;
    expect(status).toBe(429);
    await sleep(1100);
    const fromB = await requestFrom(b, '127.0.0.77', '/acme/odata/', { headers: { Authorization: basic('FeedKey', key) } });
    expect(fromB.status).toBe(429);
    expect(Number(fromB.headers['retry-after'])).toBeGreaterThan(0);
    expect((await odata(b, '127.0.0.78')).status).toBe(200);
  });
});
