// SPEC 3 "Changes take effect" with REDIS_URL: a change made through one server process is
// refused by the other at once (Redis pub/sub through the one cache seam), not only after the
// caches' one-second lifetime. Redis runs on 127.0.0.1:6379 (started by .ci/run).
import Redis from 'ioredis';
import { basic, createTenant, createUserWithRoles, requestFrom, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';
import { INVALIDATION_CHANNEL } from '../../../src/core/cache/redis-invalidation';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('two server processes with REDIS_URL', () => {
  let a: TestApp;
  let b: TestApp;
  let key: string;
  let userId: number;
  const redis = new Redis(REDIS_URL, { lazyConnect: true });

  beforeAll(async () => {
    await redis.connect();
    const [, before] = (await redis.pubsub('NUMSUB', INVALIDATION_CHANNEL)) as [string, number];
    a = await startTestApp({ REDIS_URL });
    b = await startTestApp({ DATABASE_URL: a.db.url, REDIS_URL });
    // Both processes have subscribed before anything is changed.
    for (let i = 0; i < 100; i++) {
      const [, count] = (await redis.pubsub('NUMSUB', INVALIDATION_CHANNEL)) as [string, number];
      if (count >= before + 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await createTenant(a, 'acme');
    const admin = await signIn(a, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    userId = await createUserWithRoles(admin, 'acme', 'feeder', ['Security/API Key', 'Data/Read']);
    const feeder = await signIn(a, 'acme', 'feeder', USER_PASSWORD);
    key = (await feeder.post('/acme/api/v1/me/api-key').expect(201)).body.key;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    redis.disconnect();
  });

  const odata = (t: TestApp) => requestFrom(t, '127.0.0.1', '/acme/odata/', { headers: { Authorization: basic('FeedKey', key) } });
  const warm = async (t: TestApp) => {
    // Twice: the first use writes lastUsedAt, which itself invalidates; the second is cached.
    expect((await odata(t)).status).toBe(200);
    expect((await odata(t)).status).toBe(200);
  };

  it('refuses a locked user on the other process on the very next request, and serves it again at once when unlocked', async () => {
    const admin = await signIn(a, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    for (let round = 0; round < 3; round++) {
      await warm(b);
      await admin.patch(`/acme/api/v1/users/${userId}`, { locked: true }).expect(200);
      expect((await odata(b)).status).toBe(403);
      await admin.patch(`/acme/api/v1/users/${userId}`, { locked: false }).expect(200);
      expect((await odata(b)).status).toBe(200);
    }
  });

  it('refuses a replaced key on the other process on the very next request', async () => {
    await warm(b);
    const feeder = await signIn(a, 'acme', 'feeder', USER_PASSWORD);
    const newKey = (await feeder.post('/acme/api/v1/me/api-key').expect(201)).body.key;
    expect((await odata(b)).status).toBe(401);
    key = newKey;
    expect((await odata(b)).status).toBe(200);
  });

  it('refuses a deleted key on the other process on the very next request', async () => {
    await warm(b);
    const feeder = await signIn(a, 'acme', 'feeder', USER_PASSWORD);
    await feeder.delete('/acme/api/v1/me/api-key').expect(204);
    expect((await odata(b)).status).toBe(401);
  });
});
