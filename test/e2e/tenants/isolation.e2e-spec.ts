// Tenant isolation (SPEC 3 "Everything is keyed by tenant id"): a session of tenant A is
// worth nothing on tenant B's routes, and B's ids do not resolve under A's URL.
import request from 'supertest';
import { Browser, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { ADMIN_PASSWORD, startTestApp, TestApp } from '../../support/test-app';

const REFUSED = [401, 403, 404];

describe('tenant isolation', () => {
  let t: TestApp;
  let adminA: Browser;
  let adminB: Browser;
  let userB: number;
  let groupB: number;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'alpha');
    await createTenant(t, 'beta');
    adminA = await signIn(t, 'alpha', 'Administrator', TENANT_ADMIN_PASSWORD);
    adminB = await signIn(t, 'beta', 'Administrator', TENANT_ADMIN_PASSWORD);
    userB = await createUserWithRoles(adminB, 'beta', 'beta.user', ['Data/Read']);
    groupB = (await adminB.get('/beta/api/v1/workgroups').expect(200)).body.find((g: { name: string }) => g.name === 'wg-beta.user').id;
  });
  afterAll(() => t.close());

  it('refuses an Administrator session of tenant A on every route of tenant B', async () => {
    const attempts: [string, () => request.Test][] = [
      ['GET me', () => adminA.get('/beta/api/v1/me')],
      ['GET roles', () => adminA.get('/beta/api/v1/roles')],
      ['GET users', () => adminA.get('/beta/api/v1/users')],
      ['GET users/:id', () => adminA.get(`/beta/api/v1/users/${userB}`)],
      ['POST users', () => adminA.post('/beta/api/v1/users', { loginId: 'intruder', type: 'SAML2' })],
      ['PATCH users/:id', () => adminA.patch(`/beta/api/v1/users/${userB}`, { locked: true })],
      ['DELETE users/:id/api-key', () => adminA.delete(`/beta/api/v1/users/${userB}/api-key`)],
      ['GET workgroups', () => adminA.get('/beta/api/v1/workgroups')],
      ['GET workgroups/:id', () => adminA.get(`/beta/api/v1/workgroups/${groupB}`)],
      ['POST workgroups', () => adminA.post('/beta/api/v1/workgroups', { name: 'Intruders', members: [], roles: {} })],
      ['PUT workgroups/:id', () => adminA.put(`/beta/api/v1/workgroups/${groupB}`, { name: 'Hijacked', members: [], roles: {} })],
      ['DELETE workgroups/:id', () => adminA.delete(`/beta/api/v1/workgroups/${groupB}`)],
      ['GET settings', () => adminA.get('/beta/api/v1/settings')],
      ['PATCH settings', () => adminA.patch('/beta/api/v1/settings', { previewWebFeatures: true })],
      ['GET audit-events', () => adminA.get('/beta/api/v1/audit-events')],
      ['POST me/password', () => adminA.post('/beta/api/v1/me/password', { currentPassword: TENANT_ADMIN_PASSWORD, newPassword: 'taken-over-password-1' })],
      ['GET me/api-key', () => adminA.get('/beta/api/v1/me/api-key')],
    ];
    for (const [name, attempt] of attempts) {
      const res = await attempt();
      expect({ name, refused: REFUSED.includes(res.status) }).toEqual({ name, refused: true });
    }
    // Nothing changed in beta.
    const users = await adminB.get('/beta/api/v1/users').expect(200);
    expect(users.body.map((u: { loginId: string }) => u.loginId).sort()).toEqual(['Administrator', 'beta.user']);
    expect(users.body.find((u: { id: number }) => u.id === userB).locked).toBe(false);
    expect((await adminB.get(`/beta/api/v1/workgroups/${groupB}`).expect(200)).body.name).toBe('wg-beta.user');
    expect((await adminB.get('/beta/api/v1/settings').expect(200)).body.previewWebFeatures).toBe(false);
    await signIn(t, 'beta', 'Administrator', TENANT_ADMIN_PASSWORD);
  });

  it("answers 404 for tenant B's user and workgroup ids under tenant A's URL", async () => {
    await adminA.get(`/alpha/api/v1/users/${userB}`).expect(404);
    await adminA.patch(`/alpha/api/v1/users/${userB}`, { locked: true }).expect(404);
    await adminA.get(`/alpha/api/v1/workgroups/${groupB}`).expect(404);
    await adminA.put(`/alpha/api/v1/workgroups/${groupB}`, { name: 'Hijacked', members: [], roles: {} }).expect(404);
    await adminA.delete(`/alpha/api/v1/workgroups/${groupB}`).expect(404);
    expect((await adminB.get(`/beta/api/v1/users/${userB}`).expect(200)).body.locked).toBe(false);
    expect((await adminB.get(`/beta/api/v1/workgroups/${groupB}`).expect(200)).body.name).toBe('wg-beta.user');
    // A's lists show only A's users and workgroups.
    const users = await adminA.get('/alpha/api/v1/users').expect(200);
    expect(users.body.map((u: { loginId: string }) => u.loginId)).toEqual(['Administrator']);
    const groups = await adminA.get('/alpha/api/v1/workgroups').expect(200);
    expect(groups.body.map((g: { id: number }) => g.id)).not.toContain(groupB);
    const everyone = groups.body.find((g: { name: string }) => g.name === 'Everyone');
    expect(everyone.members).not.toContain(userB);
  });

  it("tenant B's user cannot sign in at tenant A", async () => {
    const res = await request(t.url).post('/alpha/auth/login').send({ loginId: 'beta.user', password: USER_PASSWORD });
    expect(res.status).toBe(401);
  });

  it('the same loginId may exist in two tenants independently', async () => {
    const inA = await adminA.post('/alpha/api/v1/users', { loginId: 'BETA.USER', type: 'Local', password: 'alpha-own-password-1' });
    expect(inA.status).toBe(201);
    await signIn(t, 'alpha', 'beta.user', 'alpha-own-password-1');
    await signIn(t, 'beta', 'beta.user', USER_PASSWORD);
    const wrong = await request(t.url).post('/beta/auth/login').send({ loginId: 'beta.user', password: 'alpha-own-password-1' });
    expect(wrong.status).toBe(401);
  });

  it('never writes a password to the logs', () => {
    const all = t.logs.join('\n');
    for (const secret of [ADMIN_PASSWORD, TENANT_ADMIN_PASSWORD, USER_PASSWORD, 'alpha-own-password-1', 'taken-over-password-1'])
      expect(all).not.toContain(secret);
  });
});
