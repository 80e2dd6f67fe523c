// Issue 3, SPEC 4 "Every use re-checks, in order": one test per check with the status SPEC
// gives (401 for (1)-(3), 403 naming the reason for (4)-(9)), suspensions that lift again,
// and administration routes that refuse every key, even an Administrator's.
import http from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKey } from '../../../src/api-keys/api-key.entity';
import { adminAuth, basic, Browser, createTenant, createUserWithRoles, requestFrom, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const T = 'acme';
const OTHER = 'beta';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { message?: string; error?: { message: string } };
}

let nextAddress = 20;
/** Refused credentials are sent from their own loopback address, so the file never trips the throttle. */
async function fromFreshAddress(t: TestApp, path: string, authorization: string): Promise<Reply> {
  const reply = await requestFrom(t, `127.0.0.${nextAddress++}`, path, { headers: { Authorization: authorization } });
  return { status: reply.status, headers: reply.headers, body: reply.text ? JSON.parse(reply.text) : {} };
}

interface KeyHolder {
  id: number;
  key: string;
  session: Browser;
}

describe('API key policy checks (SPEC 4)', () => {
  let t: TestApp;
  let admin: Browser;

  const odata = (key: string, tenant = T) => request(t.url).get(`/${tenant}/odata/`).set('Authorization', basic('FeedKey', key));
  const webApi = (key: string, tenant = T) => request(t.url).get(`/${tenant}/api/v1/me`).set('Authorization', `Bearer ${key}`);
  /** Both surfaces answer `status`, and a 403 names the reason. */
  const expectBoth = async (key: string, status: number, reason?: RegExp) => {
    for (const res of [await odata(key), await webApi(key)]) {
      expect(res.status).toBe(status);
      if (reason) expect(res.body.error?.message ?? res.body.message).toMatch(reason);
    }
  };
  const holder = async (loginId: string, roles = ['Security/API Key', 'Data/Read']): Promise<KeyHolder> => {
    const id = await createUserWithRoles(admin, T, loginId, roles);
    const session = await signIn(t, T, loginId, USER_PASSWORD);
    const res = await session.post(`/${T}/api/v1/me/api-key`).expect(201);
    await expectBoth(res.body.key, 200);
    return { id, key: res.body.key, session };
  };
  const patchUser = (id: number, changes: object) => admin.patch(`/${T}/api/v1/users/${id}`, changes).expect(200);
  const patchTenant = (changes: object) => admin.patch(`/${T}/api/v1/settings`, changes).expect(200);
  const workgroupOf = async (loginId: string) => {
    const res = await admin.get(`/${T}/api/v1/workgroups`).expect(200);
    return res.body.find((w: { name: string }) => w.name === `wg-${loginId}`);
  };

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, T);
    await createTenant(t, OTHER);
    admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
  });
  afterAll(() => t.close());

  it('(1) refuses an unknown key with 401', async () => {
    const unknown = 'psk_' + 'A'.repeat(43) + 'abcdef';
    expect((await fromFreshAddress(t, `/${T}/odata/`, basic('FeedKey', unknown))).status).toBe(401);
    expect((await fromFreshAddress(t, `/${T}/api/v1/me`, `Bearer ${unknown}`)).status).toBe(401);
  });

  it('(2) refuses a key of tenant A on tenant B with 401', async () => {
    const { key } = await holder('traveller');
    const onOData = await fromFreshAddress(t, `/${OTHER}/odata/`, basic('FeedKey', key));
    expect(onOData.status).toBe(401);
    expect(onOData.headers['www-authenticate']).toBe(`Basic realm="${OTHER}", charset="UTF-8"`);
    expect((await fromFreshAddress(t, `/${OTHER}/api/v1/me`, `Bearer ${key}`)).status).toBe(401);
    await expectBoth(key, 200); // still fine at home
  });

  it('(3) refuses an expired key with 401; the lifetime applies only to keys generated afterwards', async () => {
    const { key: before, session } = await holder('short-lived');
    const lifetime = (days: number | null) =>
      request(t.url).patch('/admin/api/settings').set('Authorization', adminAuth()).send({ apiKeyLifetimeDays: days }).expect(200);
    let expiring: { key: string; createdAt: string; expiresAt: string };
    await lifetime(0.00001); // 0.864 s
    try {
      expiring = (await session.post(`/${T}/api/v1/me/api-key`).expect(201)).body;
    } finally {
      await lifetime(null);
    }
    expect(Date.parse(expiring.expiresAt) - Date.parse(expiring.createdAt)).toBe(864);
    expect((await fromFreshAddress(t, `/${T}/odata/`, basic('FeedKey', before))).status).toBe(401); // replaced
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(expiring.expiresAt) - Date.now()) + 100));
    const odataRes = await fromFreshAddress(t, `/${T}/odata/`, basic('FeedKey', expiring.key));
    expect(odataRes.status).toBe(401);
    expect(odataRes.body).toEqual({ error: { code: 'invalid-credentials', message: 'Invalid or missing credentials' } });
    expect((await fromFreshAddress(t, `/${T}/api/v1/me`, `Bearer ${expiring.key}`)).status).toBe(401);
    // Its metadata still tells the user when it expired.
    expect((await session.get(`/${T}/api/v1/me/api-key`).expect(200)).body.expiresAt).toBe(expiring.expiresAt);

    // Back to "never expires" for the next key, and an expiry moved into the past also counts.
    const next = (await session.post(`/${T}/api/v1/me/api-key`).expect(201)).body;
    expect(next.expiresAt).toBeNull();
    await expectBoth(next.key, 200);
    const updated = await t.app
      .get(DataSource)
      .getRepository(ApiKey)
      .update({ hint: next.hint }, { expiresAt: new Date(Date.now() - 1000) });
    expect(updated.affected).toBe(1);
    expect((await fromFreshAddress(t, `/${T}/odata/`, basic('FeedKey', next.key))).status).toBe(401);
  });

  it('(4) tenant apiAccessEnabled false: 403 for every key, 200 again once re-enabled; sessions unaffected', async () => {
    const a = await holder('tenant-suspended-a');
    const b = await holder('tenant-suspended-b');
    await patchTenant({ apiAccessEnabled: false });
    try {
      await expectBoth(a.key, 403, /API access is disabled for this tenant/);
      await expectBoth(b.key, 403, /tenant/);
      await a.session.get(`/${T}/api/v1/me`).expect(200);
    } finally {
      await patchTenant({ apiAccessEnabled: true });
    }
    await expectBoth(a.key, 200);
    await expectBoth(b.key, 200);
  });

  it('(5) locked user: 403, and the same key works again once unlocked', async () => {
    const u = await holder('lockable');
    await patchUser(u.id, { locked: true });
    await expectBoth(u.key, 403, /locked/);
    await patchUser(u.id, { locked: false });
    await expectBoth(u.key, 200);
  });

  it('(5) deactivated user: 403, and the same key works again once reactivated', async () => {
    const u = await holder('deactivatable');
    await patchUser(u.id, { deactivated: true });
    await expectBoth(u.key, 403, /deactivated/);
    await patchUser(u.id, { deactivated: false });
    await expectBoth(u.key, 200);
  });

  it('(5) apiAccess false: 403 for the key alone, 200 again when true', async () => {
    const u = await holder('no-api');
    await patchUser(u.id, { apiAccess: false });
    await expectBoth(u.key, 403, /API access is disabled for this account/);
    await u.session.get(`/${T}/api/v1/me`).expect(200); // the website still works
    await patchUser(u.id, { apiAccess: true });
    await expectBoth(u.key, 200);
  });

  it('(7) withdrawing Security/API Key by Denied refuses the very next request with 403', async () => {
    const u = await holder('denied-later');
    const group = await workgroupOf('denied-later');
    await admin
      .put(`/${T}/api/v1/workgroups/${group.id}`, { name: group.name, members: [u.id], roles: { 'Security/API Key': 'Denied', 'Data/Read': 'Allowed' } })
      .expect(200);
    await expectBoth(u.key, 403, /Security\/API Key/);
    // Restoring the role restores the key.
    await admin
      .put(`/${T}/api/v1/workgroups/${group.id}`, { name: group.name, members: [u.id], roles: { 'Security/API Key': 'Allowed', 'Data/Read': 'Allowed' } })
      .expect(200);
    await expectBoth(u.key, 200);
  });

  it('(7) removing the member from the workgroup that granted Security/API Key refuses the next request with 403', async () => {
    const u = await holder('removed-later');
    const group = await workgroupOf('removed-later');
    await admin.put(`/${T}/api/v1/workgroups/${group.id}`, { name: group.name, members: [], roles: group.roles }).expect(200);
    await expectBoth(u.key, 403, /Security\/API Key/);
  });

  it('(9) OData needs Data/Read: 403 without it, while GET /me with the key still answers', async () => {
    const id = await createUserWithRoles(admin, T, 'no-read', ['Security/API Key']);
    const session = await signIn(t, T, 'no-read', USER_PASSWORD);
    const { key } = (await session.post(`/${T}/api/v1/me/api-key`).expect(201)).body;
    const res = await odata(key).expect(403);
    expect(res.body.error.message).toContain('Data/Read');
    expect(res.headers['odata-version']).toBe('4.0');
    expect((await webApi(key).expect(200)).body.id).toBe(id);
  });

  it('accepts Basic loginId:password on OData for Local accounts, and refuses it with 403 on the Web API', async () => {
    await createUserWithRoles(admin, T, 'excel-user', ['Data/Read']);
    const res = await request(t.url).get(`/${T}/odata/`).set('Authorization', basic('excel-user', USER_PASSWORD)).expect(200);
    expect(res.headers['odata-version']).toBe('4.0');
    await request(t.url).get(`/${T}/odata/`).set('Authorization', basic('EXCEL-USER', USER_PASSWORD)).expect(200);
    const refused = await request(t.url).get(`/${T}/api/v1/me`).set('Authorization', basic('excel-user', USER_PASSWORD)).expect(403);
    expect(refused.body.message).toMatch(/OData only/);
    await request(t.url).get(`/${T}/api/v1/users`).set('Authorization', basic('Administrator', TENANT_ADMIN_PASSWORD)).expect(403);
  });

  it('refuses every administration route to a valid key, even an Administrator key, and changes nothing', async () => {
    const adminKey = (await admin.post(`/${T}/api/v1/me/api-key`).expect(201)).body.key;
    await webApi(adminKey).expect(200);
    const users = (await admin.get(`/${T}/api/v1/users`).expect(200)).body;
    const target = await holder('admin-route-target');
    const workgroups = (await admin.get(`/${T}/api/v1/workgroups`).expect(200)).body;
    const group = workgroups.find((w: { name: string }) => w.name === 'wg-admin-route-target');

    const routes: [string, string, object?][] = [
      ['GET', `/users`],
      ['POST', `/users`, { loginId: 'created-with-key', type: 'Local', password: USER_PASSWORD }],
      ['GET', `/users/${target.id}`],
      ['PATCH', `/users/${target.id}`, { locked: true }],
      ['DELETE', `/users/${target.id}/api-key`],
      ['GET', `/workgroups`],
      ['POST', `/workgroups`, { name: 'made-with-key', members: [], roles: {} }],
      ['GET', `/workgroups/${group.id}`],
      ['PUT', `/workgroups/${group.id}`, { name: group.name, members: [], roles: {} }],
      ['DELETE', `/workgroups/${group.id}`],
      ['GET', `/settings`],
      ['PATCH', `/settings`, { apiAccessEnabled: false }],
      ['GET', `/audit-events`],
      ['POST', `/me/api-key`],
    ];
    for (const authorization of [`Bearer ${adminKey}`, basic('FeedKey', adminKey), basic('Account Key', target.key)]) {
      for (const [method, path, body] of routes) {
        let r = request(t.url)[method.toLowerCase() as 'get'](`/${T}/api/v1${path}`).set('Authorization', authorization);
        if (body) r = r.send(body);
        const res = await r;
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
        expect(res.body.message).toMatch(/session/);
      }
    }
    // Nothing changed: the target and its key and workgroup are intact, no user or workgroup was created.
    await expectBoth(target.key, 200);
    await webApi(adminKey).expect(200);
    const after = (await admin.get(`/${T}/api/v1/users`).expect(200)).body;
    expect(after.map((u: { loginId: string }) => u.loginId).sort()).toEqual([...users.map((u: { loginId: string }) => u.loginId), 'admin-route-target'].sort());
    const groupAfter = (await admin.get(`/${T}/api/v1/workgroups/${group.id}`).expect(200)).body;
    expect(groupAfter.members).toEqual([target.id]);
    expect((await admin.get(`/${T}/api/v1/workgroups`).expect(200)).body.some((w: { name: string }) => w.name === 'made-with-key')).toBe(false);
    expect((await admin.get(`/${T}/api/v1/settings`).expect(200)).body.apiAccessEnabled).toBe(true);
  });
});
