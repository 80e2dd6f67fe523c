// The guard answers most requests from this process's caches without a promise
// (AuthGuard.admitFromCache): a key or a session used again within the caches' second. That
// path must refuse everything the full path refuses. Each case first warms every cache it
// touches (the URL's tenant, the key's owner or the session, the user's access, the address's
// throttle counter) with accepted requests, then sends the refused one without any watched
// write in between, so that nothing is dropped from a cache and the cached path decides.
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Session } from '../../../src/sessions/session.entity';
import { basic, Browser, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { fakeDateOnly } from '../../support/clock';
import { startTestApp, TestApp } from '../../support/test-app';

describe('the guard with every cache warm', () => {
  let t: TestApp;
  let acmeKey: string;
  let bravoKey: string;
  let reader: Browser;
  let bravoReader: Browser;
  let keyOnly: string;

  const bearer = (key: string) => `Bearer ${key}`;
  const feed = (key: string) => basic('FeedKey', key);

  /** Three accepted requests: the first loads every cache, the next ones are served from them. */
  async function warm(path: string, authorization: string) {
    for (let i = 0; i < 3; i++) await request(t.url).get(path).set('Authorization', authorization).expect(200);
  }

  beforeAll(async () => {
    t = await startTestApp();
    for (const tenant of ['acme', 'bravo']) {
      await createTenant(t, tenant);
      const admin = await signIn(t, tenant, 'Administrator', TENANT_ADMIN_PASSWORD);
      await createUserWithRoles(admin, tenant, 'reader', ['Security/API Key', 'Data/Read']);
      if (tenant === 'acme') await createUserWithRoles(admin, tenant, 'key.only', ['Security/API Key']);
    }
    reader = await signIn(t, 'acme', 'reader', USER_PASSWORD);
    bravoReader = await signIn(t, 'bravo', 'reader', USER_PASSWORD);
    acmeKey = (await reader.post('/acme/api/v1/me/api-key').expect(201)).body.key;
    bravoKey = (await bravoReader.post('/bravo/api/v1/me/api-key').expect(201)).body.key;
    const keyUser = await signIn(t, 'acme', 'key.only', USER_PASSWORD);
    keyOnly = (await keyUser.post('/acme/api/v1/me/api-key').expect(201)).body.key;
  });
  afterAll(() => t.close());

  it("refuses a tenant's key on another tenant's URL, as a bearer token and as FeedKey", async () => {
    await warm('/acme/api/v1/me', bearer(acmeKey));
    await warm('/acme/odata/', feed(acmeKey));
    await warm('/bravo/api/v1/me', bearer(bravoKey));
    await warm('/bravo/odata/', feed(bravoKey));
    await request(t.url).get('/bravo/api/v1/me').set('Authorization', bearer(acmeKey)).expect(401);
    await request(t.url).get('/bravo/odata/').set('Authorization', feed(acmeKey)).expect(401);
    // The refusals changed nothing for the keys' own tenants.
    await request(t.url).get('/acme/api/v1/me').set('Authorization', bearer(acmeKey)).expect(200);
  });

  it("refuses a tenant's session on another tenant's URL", async () => {
    for (let i = 0; i < 3; i++) await reader.get('/acme/api/v1/me').expect(200);
    for (let i = 0; i < 3; i++) await bravoReader.get('/bravo/api/v1/me').expect(200);
    await reader.get('/bravo/api/v1/me').expect(401);
  });

  it('refuses a route whose role the cached access lacks (403), and a key where only a session is accepted', async () => {
    await warm('/acme/api/v1/me', bearer(keyOnly));
    const feedRefusal = await request(t.url).get('/acme/odata/Projects').set('Authorization', feed(keyOnly));
    expect(feedRefusal.status).toBe(403);
    // Generating a key needs a website session (SPEC 4), even with every cache warm.
    await request(t.url).post('/acme/api/v1/me/api-key').set('Authorization', bearer(keyOnly)).expect(403);
  });

  it("refuses a warm session's write from another origin, and accepts it from the server's own", async () => {
    for (let i = 0; i < 3; i++) await reader.get('/acme/api/v1/me').expect(200);
    const foreign = await request(t.url)
      .post('/acme/api/v1/me/password')
      .set('Cookie', reader.cookie)
      .set('Origin', 'https://evil.example')
      .send({ currentPassword: USER_PASSWORD, newPassword: 'never-set-password-1' });
    expect(foreign.status).toBe(403);
    await reader.get('/acme/api/v1/me').expect(200);
    // The same request from the page's origin passes the guard (and is refused only for its body).
    await reader.post('/acme/api/v1/me/password', { currentPassword: USER_PASSWORD }).expect(400);
  });
});

describe("the guard with a warm session that times out inside the cache's second", () => {
  let t: TestApp;
  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
  });

  it('refuses the session at its absolute end although it is still cached', async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
    const session = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    const userId = (await session.get('/acme/api/v1/me').expect(200)).body.id as number;
    const now = Date.now();
    // The cache's second runs on the same clock.
    fakeDateOnly(now);
    await t.app
      .get(DataSource)
      .getRepository(Session)
      .update({ userId }, { expiresAt: new Date(now + 500), lastSeenAt: new Date(now) });
    await session.get('/acme/api/v1/me').expect(200);
    jest.setSystemTime(now + 100);
    await session.get('/acme/api/v1/me').expect(200);
    jest.setSystemTime(now + 600);
    await session.get('/acme/api/v1/me').expect(401);
  });
});
