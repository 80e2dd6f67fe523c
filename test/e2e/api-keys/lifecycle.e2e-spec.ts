// Issue 3, the seed's story end to end: a user generates a key from a website session,
// uses it on OData and the Web API, replaces and deletes it; keys are never stored or logged;
// concurrent generation leaves exactly one key valid.
import http from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { adminAuth, basic, Browser, createTenant, createUserWithRoles, requestFrom, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const T = 'acme';
const KEY_PATTERN = /^psk_[A-Za-z0-9_-]+$/;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A request from a chosen loopback address, so that refused keys do not throttle the test's own address. */
function call(t: TestApp, path: string, headers: Record<string, string>, localAddress: string, method = 'GET'): Promise<Reply> {
  return requestFrom(t, localAddress, path, { method, headers });
}

describe('API keys: generate, use, replace, delete', () => {
  let t: TestApp;
  let admin: Browser;
  let user: Browser;
  let userId: number;
  /** Every key the server ever returned in this file, for the storage and log scans. */
  const issued: string[] = [];

  const odata = (auth: string) => request(t.url).get(`/${T}/odata/`).set('Authorization', auth);
  const me = (key: string) => request(t.url).get(`/${T}/api/v1/me`).set('Authorization', `Bearer ${key}`);
  const generate = async (b: Browser): Promise<request.Response> => {
    const res = await b.post(`/${T}/api/v1/me/api-key`);
    if (res.status === 201) issued.push(res.body.key);
    return res;
  };
  const auditActions = async (targetId: number): Promise<string[]> => {
    const res = await admin.get(`/${T}/api/v1/audit-events?limit=200`).expect(200);
    return res.body.filter((e: { target: { id: string } }) => e.target.id === String(targetId)).map((e: { action: string }) => e.action);
  };

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, T);
    admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    userId = await createUserWithRoles(admin, T, 'feeder', ['Security/API Key', 'Data/Read']);
    user = await signIn(t, T, 'feeder', USER_PASSWORD);
  });
  afterAll(() => t.close());

  it('generates a key from a website session and shows it once', async () => {
    const res = await generate(user);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'expiresAt', 'hint', 'key']);
    const { key, hint, createdAt, expiresAt } = res.body;
    expect(key).toMatch(KEY_PATTERN);
    expect(key.length).toBeGreaterThanOrEqual(4 + 43); // 256 bits in base64url at least
    expect(hint).toMatch(/^psk_…[A-Za-z0-9_-]{1,6}$/);
    expect(key.endsWith(hint.slice('psk_…'.length))).toBe(true);
    expect(Math.abs(Date.parse(createdAt) - Date.now())).toBeLessThan(60_000);
    expect(expiresAt).toBeNull(); // apiKeyLifetimeDays defaults to null: never expires

    const metadata = await user.get(`/${T}/api/v1/me/api-key`).expect(200);
    expect(metadata.body).toMatchObject({ hint, createdAt, expiresAt: null });
    expect(metadata.body).not.toHaveProperty('key');
    expect(metadata.text).not.toContain(key);
    expect(await auditActions(userId)).toContain('api-key.created');
  });

  it('works as Basic FeedKey, "Account Key" and feedkey on OData, and as Bearer on GET /me', async () => {
    const key = issued[issued.length - 1];
    for (const name of ['FeedKey', 'Account Key', 'feedkey', 'ACCOUNT KEY']) {
      const res = await odata(basic(name, key));
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      expect(res.headers['odata-version']).toBe('4.0');
      expect(res.body.value.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['Projects', 'Cashflows']));
    }
    const res = await me(key).expect(200);
    expect(res.body).toMatchObject({ id: userId, loginId: 'feeder', type: 'Local' });
    expect(res.body.roles).toEqual(expect.arrayContaining(['Security/API Key', 'Data/Read']));
    await request(t.url).get(`/${T}/api/v1/me`).set('Authorization', basic('FeedKey', key)).expect(200);

    // The key reads its own metadata (never the key), and its use is recorded.
    const metadata = await request(t.url).get(`/${T}/api/v1/me/api-key`).set('Authorization', `Bearer ${key}`).expect(200);
    expect(metadata.text).not.toContain(key);
    let lastUsedAt: string | null = null;
    for (let i = 0; i < 40 && !lastUsedAt; i++) {
      lastUsedAt = (await user.get(`/${T}/api/v1/me/api-key`).expect(200)).body.lastUsedAt;
      if (!lastUsedAt) await new Promise((r) => setTimeout(r, 50));
    }
    expect(lastUsedAt).not.toBeNull();
  });

  it('replaces the key on a second POST: the old key stops working at once', async () => {
    const old = issued[issued.length - 1];
    const res = await generate(user);
    expect(res.status).toBe(201);
    const fresh = res.body.key;
    expect(fresh).not.toBe(old);
    const odataOld = await call(t, `/${T}/odata/`, { Authorization: basic('FeedKey', old) }, '127.0.0.11');
    expect(odataOld.status).toBe(401);
    expect((await call(t, `/${T}/api/v1/me`, { Authorization: `Bearer ${old}` }, '127.0.0.11')).status).toBe(401);
    await odata(basic('FeedKey', fresh)).expect(200);
    await me(fresh).expect(200);
    expect((await user.get(`/${T}/api/v1/me/api-key`).expect(200)).body.hint).toBe(res.body.hint);
    expect(await auditActions(userId)).toContain('api-key.replaced');
  });

  it('lists the key metadata (not the key) in GET /users for administrators', async () => {
    const key = issued[issued.length - 1];
    const res = await admin.get(`/${T}/api/v1/users`).expect(200);
    const feeder = res.body.find((u: { id: number }) => u.id === userId);
    expect(feeder.apiKey).toMatchObject({ createdAt: expect.any(String), expiresAt: null });
    expect(feeder.apiKey).toHaveProperty('lastUsedAt');
    const administrator = res.body.find((u: { loginId: string }) => u.loginId === 'Administrator');
    expect(administrator.apiKey).toBeNull();
    expect(res.text).not.toContain(key);
    expect(res.text).not.toContain(key.slice(4, 20));
  });

  it('lets the tenant Administrator delete a user key: 204, the key is refused afterwards', async () => {
    const key = issued[issued.length - 1];
    await admin.delete(`/${T}/api/v1/users/${userId}/api-key`).expect(204);
    expect((await call(t, `/${T}/odata/`, { Authorization: basic('FeedKey', key) }, '127.0.0.12')).status).toBe(401);
    expect((await call(t, `/${T}/api/v1/me`, { Authorization: `Bearer ${key}` }, '127.0.0.12')).status).toBe(401);
    await user.get(`/${T}/api/v1/me/api-key`).expect(404);
    const listed = await admin.get(`/${T}/api/v1/users/${userId}`).expect(200);
    expect(listed.body.apiKey).toBeNull();
    expect(await auditActions(userId)).toContain('api-key.deleted');
    // Nothing left to delete.
    await admin.delete(`/${T}/api/v1/users/${userId}/api-key`).expect(404);
  });

  it('lets users delete their own key, from the session or with the key itself', async () => {
    const first = (await generate(user)).body.key;
    await user.delete(`/${T}/api/v1/me/api-key`).expect(204);
    expect((await call(t, `/${T}/odata/`, { Authorization: basic('FeedKey', first) }, '127.0.0.13')).status).toBe(401);

    const second = (await generate(user)).body.key;
    await request(t.url).delete(`/${T}/api/v1/me/api-key`).set('Authorization', `Bearer ${second}`).expect(204);
    expect((await call(t, `/${T}/api/v1/me`, { Authorization: `Bearer ${second}` }, '127.0.0.13')).status).toBe(401);
    await user.get(`/${T}/api/v1/me/api-key`).expect(404);
  });

  it('creates keys only from a website session, and only for holders of Security/API Key', async () => {
    const key = (await generate(user)).body.key;
    const attempts = [`Bearer ${key}`, basic('FeedKey', key), basic('feeder', USER_PASSWORD)];
    for (const authorization of attempts) {
      const res = await request(t.url).post(`/${T}/api/v1/me/api-key`).set('Authorization', authorization);
      expect({ authorization: authorization.slice(0, 6), status: res.status }).toEqual({ authorization: authorization.slice(0, 6), status: 403 });
      expect(res.body.message).toMatch(/session/i);
    }
    // The refused attempts did not replace the key.
    await me(key).expect(200);

    await createUserWithRoles(admin, T, 'reader', ['Data/Read']);
    const reader = await signIn(t, T, 'reader', USER_PASSWORD);
    const refused = await reader.post(`/${T}/api/v1/me/api-key`).expect(403);
    expect(refused.body.message).toContain('Security/API Key');
    await reader.get(`/${T}/api/v1/me/api-key`).expect(404);
  });

  it('honours the IPS setting allowedApiKeyNames at once, and its restoration', async () => {
    const key = (await generate(user)).body.key;
    const setNames = (names: string[]) =>
      request(t.url).patch('/admin/api/settings').set('Authorization', adminAuth()).send({ allowedApiKeyNames: names }).expect(200);
    try {
      await setNames(['PowerBI']);
      // FeedKey is now an ordinary loginId with a wrong password.
      const refused = await call(t, `/${T}/odata/`, { Authorization: basic('FeedKey', key) }, '127.0.0.14');
      expect(refused.status).toBe(401);
      await odata(basic('PowerBI', key)).expect(200);
      await odata(basic('powerbi', key)).expect(200);
    } finally {
      await setNames(['FeedKey', 'Account Key']);
    }
    await odata(basic('FeedKey', key)).expect(200);
    await odata(basic('Account Key', key)).expect(200);
    expect((await call(t, `/${T}/odata/`, { Authorization: basic('PowerBI', key) }, '127.0.0.14')).status).toBe(401);
  });

  it('leaves exactly one valid key after 24 concurrent generations (first key and replacement)', async () => {
    await createUserWithRoles(admin, T, 'racer', ['Security/API Key', 'Data/Read']);
    const racer = await signIn(t, T, 'racer', USER_PASSWORD);
    for (const round of [1, 2]) {
      const replies = await Promise.all(Array.from({ length: 24 }, () => generate(racer)));
      expect(replies.map((r) => r.status)).toEqual(Array(24).fill(201));
      const keys = replies.map((r) => r.body.key as string);
      expect(new Set(keys).size).toBe(24);
      const statuses = await Promise.all(
        keys.map(async (key, i) => (await call(t, `/${T}/api/v1/me`, { Authorization: `Bearer ${key}` }, `127.0.${round + 1}.${i + 10}`)).status),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 401)).toHaveLength(23);
      const winner = keys[statuses.indexOf(200)];
      expect((await racer.get(`/${T}/api/v1/me/api-key`).expect(200)).body.hint).toBe('psk_…' + winner.slice(-6));
    }
  });

  it('stores no key nor any 8-character piece of one, in any column of any table', async () => {
    // A few more users with keys, so the scan covers more than one row.
    for (const loginId of ['store-1', 'store-2']) {
      await createUserWithRoles(admin, T, loginId, ['Security/API Key']);
      const b = await signIn(t, T, loginId, USER_PASSWORD);
      await generate(b);
      await generate(b);
    }
    await generate(admin);
    expect(issued.length).toBeGreaterThan(50);

    const dataSource = t.app.get(DataSource);
    const mysql = dataSource.options.type !== 'better-sqlite3';
    const tables: string[] = mysql
      ? (await dataSource.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')).map(
          (r: { name: string }) => r.name,
        )
      : (await dataSource.query("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r: { name: string }) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['api_key', 'audit_event']));

    const values: string[] = [];
    for (const table of tables) {
      const rows: Record<string, unknown>[] = await dataSource.query(mysql ? `SELECT * FROM \`${table}\`` : `SELECT * FROM "${table}"`);
      for (const row of rows) {
        for (const value of Object.values(row)) {
          if (value === null || value === undefined) continue;
          if (Buffer.isBuffer(value)) values.push(value.toString('utf8'), value.toString('hex'));
          else values.push(typeof value === 'object' ? JSON.stringify(value) : `${value as string}`);
        }
      }
    }
    const dump = values.join('\n');
    const hints = new Set(values.filter((v) => v.startsWith('psk_…')));
    expect(hints.size).toBeGreaterThan(0);
    for (const key of issued) {
      const random = key.slice(4, 4 + 43);
      for (let i = 0; i + 8 <= random.length; i++) {
        const piece = random.slice(i, i + 8);
        if (dump.includes(piece)) throw new Error(`a stored value contains ${piece}, a piece of an issued key`);
      }
    }
  });

  it('never writes a key to the log', () => {
    expect(t.logs.length).toBeGreaterThan(0);
    const log = t.logs.join('\n');
    for (const key of issued) {
      expect(log).not.toContain(key);
      expect(log).not.toContain(key.slice(4, 20));
    }
  });
});
