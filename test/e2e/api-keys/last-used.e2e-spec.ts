// SPEC 4: each key records lastUsedAt and lastUsedIp, written at most once a minute per key,
// so that a busy feed costs no write per request.
import { DataSource } from 'typeorm';
import { ApiKey } from '../../../src/api-keys/api-key.entity';
import { basic, createTenant, createUserWithRoles, requestFrom, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

describe('API key lastUsedAt and lastUsedIp', () => {
  let t: TestApp;
  let key: string;
  let userId: number;
  const row = () => t.app.get(DataSource).getRepository(ApiKey).findOneByOrFail({ userId });
  const useFrom = async (address: string) => {
    const reply = await requestFrom(t, address, '/acme/odata/', { headers: { Authorization: basic('FeedKey', key) } });
    expect(reply.status).toBe(200);
  };
  /** The write is not awaited by the request; wait until the row shows `predicate`. */
  const eventually = async (predicate: (k: ApiKey) => boolean) => {
    for (let i = 0; i < 60; i++) {
      const current = await row();
      if (predicate(current)) return current;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the key row never changed as expected');
  };

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
    const admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    userId = await createUserWithRoles(admin, 'acme', 'feeder', ['Security/API Key', 'Data/Read']);
    const feeder = await signIn(t, 'acme', 'feeder', USER_PASSWORD);
    key = (await feeder.post('/acme/api/v1/me/api-key').expect(201)).body.key;
  });
  afterAll(() => t.close());

  it('starts empty, then records the first use with the client address', async () => {
    expect(await row()).toMatchObject({ lastUsedAt: null, lastUsedIp: null });
    await useFrom('127.0.0.5');
    const used = await eventually((k) => k.lastUsedAt !== null);
    expect(used.lastUsedIp).toBe('127.0.0.5');
  });

  it('does not write again within the minute, whoever calls', async () => {
    const before = await row();
    for (const address of ['127.0.0.6', '127.0.0.7', '127.0.0.8']) await useFrom(address);
    await new Promise((r) => setTimeout(r, 200));
    const after = await row();
    expect(after.lastUsedAt).toEqual(before.lastUsedAt);
    expect(after.lastUsedIp).toBe('127.0.0.5');
  });

  it('writes again once the recorded use is more than a minute old', async () => {
    const old = new Date(Date.now() - 61_000);
    await t.app.get(DataSource).getRepository(ApiKey).update({ userId }, { lastUsedAt: old });
    await useFrom('127.0.0.9');
    const updated = await eventually((k) => k.lastUsedIp === '127.0.0.9');
    expect(updated.lastUsedAt!.getTime()).toBeGreaterThan(old.getTime() + 60_000);
  });
});
