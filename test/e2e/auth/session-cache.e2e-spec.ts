// The session cache (SessionsService, through GenerationCache): a session that is being
// served from the cache is refused on the very next request after every way a session ends
// or loses a right, in the process that made the change; and the cache is real, bounded by
// its second for writes this process cannot see (another server process).
import request from 'supertest';
import { DataSource } from 'typeorm';
import { adminAuth, Browser, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('session cache invalidation', () => {
  let t: TestApp;
  let admin: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
    admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
  });
  afterAll(() => t.close());

  /** Signs in and serves the session twice, so the next request is answered from the cache. */
  async function warmSession(loginId: string, password = USER_PASSWORD, tenant = 'acme'): Promise<Browser> {
    const session = await signIn(t, tenant, loginId, password);
    await session.get(`/${tenant}/api/v1/me`).expect(200);
    await session.get(`/${tenant}/api/v1/me`).expect(200);
    return session;
  }

  it('serves a session from the cache: a row removed behind the ChangeTracker still answers within the second, not after it', async () => {
    await createUserWithRoles(admin, 'acme', 'cached', []);
    const session = await warmSession('cached');
    const userId = (await session.get('/acme/api/v1/me').expect(200)).body.id as number;
    // Raw SQL is a write this process's ChangeTracker does not see, like one made by another process.
    await t.app.get(DataSource).query('DELETE FROM session WHERE userId = ?', [userId]);
    await session.get('/acme/api/v1/me').expect(200);
    await sleep(1100);
    await session.get('/acme/api/v1/me').expect(401);
  });

  it('logout: refused on the very next request', async () => {
    await createUserWithRoles(admin, 'acme', 'leaving', []);
    const session = await warmSession('leaving');
    await session.post('/acme/auth/logout').expect(204);
    await session.get('/acme/api/v1/me').expect(401);
  });

  it('lock, deactivation and a password reset by an administrator: refused on the very next request', async () => {
    for (const [loginId, change] of [
      ['locked.one', { locked: true }],
      ['deactivated.one', { deactivated: true }],
      ['reset.one', { password: 'a-new-password-by-admin' }],
    ] as const) {
      const id = await createUserWithRoles(admin, 'acme', loginId, []);
      const session = await warmSession(loginId);
      await admin.patch(`/acme/api/v1/users/${id}`, change).expect(200);
      await session.get('/acme/api/v1/me').expect(401);
    }
  });

  it("an own password change ends the user's other sessions on their very next request", async () => {
    await createUserWithRoles(admin, 'acme', 'changer', []);
    const main = await warmSession('changer');
    const other = await warmSession('changer');
    await main.post('/acme/api/v1/me/password', { currentPassword: USER_PASSWORD, newPassword: 'changed-password-42' }).expect(204);
    await other.get('/acme/api/v1/me').expect(401);
  });

  it('a withdrawn role refuses the session on the very next request (403), the session itself lives on', async () => {
    await createUserWithRoles(admin, 'acme', 'officer', ['Security/Security']);
    const officer = await warmSession('officer');
    await officer.get('/acme/api/v1/users').expect(200);
    const groups = (await admin.get('/acme/api/v1/workgroups').expect(200)).body as { id: number; name: string; members: number[] }[];
    const group = groups.find((g) => g.name === 'wg-officer')!;
    await admin.put(`/acme/api/v1/workgroups/${group.id}`, { name: group.name, members: group.members, roles: { 'Security/Security': 'Denied' } }).expect(200);
    await officer.get('/acme/api/v1/users').expect(403);
    await officer.get('/acme/api/v1/me').expect(200);
  });

  it('a deleted tenant: its sessions are refused on the very next request', async () => {
    await createTenant(t, 'gone');
    const session = await warmSession('Administrator', TENANT_ADMIN_PASSWORD, 'gone');
    await request(t.url).delete('/admin/api/tenants/gone').set('Authorization', adminAuth()).expect(204);
    const after = await session.get('/gone/api/v1/me');
    expect(after.status).toBe(404);
  });
});
