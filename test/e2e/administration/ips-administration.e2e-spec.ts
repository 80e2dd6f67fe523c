// IPS administration (SPEC 3 "Server (IPS) settings", SPEC 5 "IPS administration"):
// server settings, tenant lifecycle, Administrator recovery and the server audit log.
import request from 'supertest';
import { adminAuth, basic, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { ADMIN_PASSWORD, startTestApp, TestApp } from '../../support/test-app';

describe('IPS administration', () => {
  let t: TestApp;
  const admin = () => ({
    get: (path: string) => request(t.url).get(path).set('Authorization', adminAuth()),
    post: (path: string, body: object) => request(t.url).post(path).set('Authorization', adminAuth()).send(body),
    patch: (path: string, body: object) => request(t.url).patch(path).set('Authorization', adminAuth()).send(body),
    delete: (path: string) => request(t.url).delete(path).set('Authorization', adminAuth()),
  });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('authentication', () => {
    it('refuses a wrong IPS Administrator password with 401 and a Basic challenge', async () => {
      const res = await request(t.url).get('/admin/api/settings').set('Authorization', basic('admin', 'not-the-password-at-all'));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="[^"]+", charset="UTF-8"$/);
    });

    it('refuses another user name with the right password, and no credentials at all', async () => {
      const wrongUser = await request(t.url).get('/admin/api/tenants').set('Authorization', basic('root', ADMIN_PASSWORD));
      expect(wrongUser.status).toBe(401);
      const none = await request(t.url).get('/admin/api/tenants');
      expect(none.status).toBe(401);
      expect(none.body).toEqual(wrongUser.body);
    });

    it('does not accept a tenant Administrator session on /admin/api', async () => {
      await createTenant(t, 'sessiontenant');
      const tenantAdmin = await signIn(t, 'sessiontenant', 'Administrator', TENANT_ADMIN_PASSWORD);
      await tenantAdmin.get('/admin/api/tenants').expect(401);
    });
  });

  describe('server settings', () => {
    it('starts with the documented defaults', async () => {
      const res = await admin().get('/admin/api/settings').expect(200);
      expect(res.body).toEqual({ allowedApiKeyNames: ['FeedKey', 'Account Key'], apiKeyLifetimeDays: null });
    });

    it.each([[0], [367], ['ten'], [-1], [366.5], [true]])('refuses apiKeyLifetimeDays %p with 400 naming the field', async (value) => {
      const res = await admin().patch('/admin/api/settings', { apiKeyLifetimeDays: value });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toContain('apiKeyLifetimeDays');
      const after = await admin().get('/admin/api/settings').expect(200);
      expect(after.body.apiKeyLifetimeDays).toBeNull();
    });

    it('accepts fractions, the upper bound and null', async () => {
      const half = await admin().patch('/admin/api/settings', { apiKeyLifetimeDays: 0.5 }).expect(200);
      expect(half.body).toEqual({ allowedApiKeyNames: ['FeedKey', 'Account Key'], apiKeyLifetimeDays: 0.5 });
      expect((await admin().get('/admin/api/settings')).body.apiKeyLifetimeDays).toBe(0.5);
      await admin().patch('/admin/api/settings', { apiKeyLifetimeDays: 366 }).expect(200);
      expect((await admin().get('/admin/api/settings')).body.apiKeyLifetimeDays).toBe(366);
      const cleared = await admin().patch('/admin/api/settings', { apiKeyLifetimeDays: null }).expect(200);
      expect(cleared.body.apiKeyLifetimeDays).toBeNull();
      expect((await admin().get('/admin/api/settings')).body.apiKeyLifetimeDays).toBeNull();
    });

    it('changes allowedApiKeyNames and refuses an empty list naming the field', async () => {
      const empty = await admin().patch('/admin/api/settings', { allowedApiKeyNames: [] });
      expect(empty.status).toBe(400);
      expect(empty.body.message).toContain('allowedApiKeyNames');
      const notArray = await admin().patch('/admin/api/settings', { allowedApiKeyNames: 'FeedKey' });
      expect(notArray.status).toBe(400);
      expect(notArray.body.message).toContain('allowedApiKeyNames');
      const nothing = await admin().patch('/admin/api/settings', { allowedApiKeyNames: null });
      expect(nothing.status).toBe(400);
      expect(nothing.body.message).toContain('allowedApiKeyNames');
      const numbers = await admin().patch('/admin/api/settings', { allowedApiKeyNames: [1, 2] });
      expect(numbers.status).toBe(400);
      expect(numbers.body.message).toContain('allowedApiKeyNames');

      const changed = await admin()
        .patch('/admin/api/settings', { allowedApiKeyNames: ['FeedKey', 'Integration'] })
        .expect(200);
      expect(changed.body).toEqual({ allowedApiKeyNames: ['FeedKey', 'Integration'], apiKeyLifetimeDays: null });
      expect((await admin().get('/admin/api/settings')).body.allowedApiKeyNames).toEqual(['FeedKey', 'Integration']);
      await admin()
        .patch('/admin/api/settings', { allowedApiKeyNames: ['FeedKey', 'Account Key'] })
        .expect(200);
    });

    it('refuses unknown fields naming them', async () => {
      const res = await admin().patch('/admin/api/settings', { apiKeyLifetime: 5 });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('apiKeyLifetime');
    });

    it('refuses a non-JSON body with 415', async () => {
      const res = await request(t.url)
        .patch('/admin/api/settings')
        .set('Authorization', adminAuth())
        .set('Content-Type', 'text/plain')
        .send('apiKeyLifetimeDays=5');
      expect(res.status).toBe(415);
    });
  });

  describe('tenants', () => {
    it('creates a tenant: 201 { name, createdAt }, listed afterwards', async () => {
      const res = await admin().post('/admin/api/tenants', { name: 'Contoso-1', administratorPassword: TENANT_ADMIN_PASSWORD });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'name']);
      expect(res.body.name).toBe('Contoso-1');
      expect(Math.abs(Date.parse(res.body.createdAt) - Date.now())).toBeLessThan(60_000);
      const list = await admin().get('/admin/api/tenants').expect(200);
      expect(list.body).toContainEqual({ name: 'Contoso-1', createdAt: res.body.createdAt });
      // The new tenant's Administrator can sign in with the given password.
      await signIn(t, 'Contoso-1', 'Administrator', TENANT_ADMIN_PASSWORD);
    });

    it('creates the default workgroups and the Administrator user', async () => {
      await createTenant(t, 'defaults');
      const a = await signIn(t, 'defaults', 'Administrator', TENANT_ADMIN_PASSWORD);
      const groups = await a.get('/defaults/api/v1/workgroups').expect(200);
      const byName = Object.fromEntries(groups.body.map((g: { name: string }) => [g.name, g]));
      expect(Object.keys(byName).sort()).toEqual(['Administrators', 'Everyone', 'SecurityAdministrators']);
      const users = await a.get('/defaults/api/v1/users').expect(200);
      expect(users.body).toHaveLength(1);
      expect(users.body[0]).toMatchObject({ loginId: 'Administrator', type: 'Local', locked: false, deactivated: false });
      expect(byName.Administrators.members).toEqual([users.body[0].id]);
      expect(byName.SecurityAdministrators).toMatchObject({ members: [], roles: { 'Security/Security': 'Allowed' } });
    });

    it.each(['a', '1abc', '-abc', 'has space', 'dot.name', 'ümlaut', 'x'.repeat(64), ''])('refuses the name %p with 400 naming "name"', async (name) => {
      const res = await admin().post('/admin/api/tenants', { name, administratorPassword: TENANT_ADMIN_PASSWORD });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('name');
    });

    it('accepts the longest and shortest valid names', async () => {
      await admin()
        .post('/admin/api/tenants', { name: 'L' + 'x'.repeat(62), administratorPassword: TENANT_ADMIN_PASSWORD })
        .expect(201);
      await admin().post('/admin/api/tenants', { name: 'ab', administratorPassword: TENANT_ADMIN_PASSWORD }).expect(201);
    });

    it.each(['admin', 'API', 'Health', 'METRICS'])('refuses the reserved name %p with 400', async (name) => {
      const res = await admin().post('/admin/api/tenants', { name, administratorPassword: TENANT_ADMIN_PASSWORD });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('name');
    });

    it('refuses a duplicate name case-insensitively with 409', async () => {
      await createTenant(t, 'Fabrikam');
      const res = await admin().post('/admin/api/tenants', { name: 'fABRIKAM', administratorPassword: TENANT_ADMIN_PASSWORD });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    });

    it('refuses a short or missing administratorPassword with 400 naming it', async () => {
      const short = await admin().post('/admin/api/tenants', { name: 'shortpw', administratorPassword: 'elevenchars' });
      expect(short.status).toBe(400);
      expect(short.body.message).toContain('administratorPassword');
      const missing = await admin().post('/admin/api/tenants', { name: 'shortpw' });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toContain('administratorPassword');
      const unknown = await admin().post('/admin/api/tenants', { name: 'shortpw', administratorPassword: TENANT_ADMIN_PASSWORD, region: 'eu' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain('region');
      const list = await admin().get('/admin/api/tenants');
      expect(list.body.map((x: { name: string }) => x.name)).not.toContain('shortpw');
    });

    it('answers 404 when deleting an unknown tenant', async () => {
      const res = await admin().delete('/admin/api/tenants/no-such-tenant');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it('deletes a tenant with everything in it; a new tenant of the same name starts empty', async () => {
      await createTenant(t, 'Recycled', 'first-admin-password-1');
      const first = await signIn(t, 'Recycled', 'Administrator', 'first-admin-password-1');
      await createUserWithRoles(first, 'Recycled', 'old.user', ['Data/Read']);
      const oldUser = await signIn(t, 'Recycled', 'old.user', USER_PASSWORD);
      await oldUser.get('/Recycled/api/v1/me').expect(200);

      await admin().delete('/admin/api/tenants/recycled').expect(204);
      expect((await admin().get('/admin/api/tenants')).body.map((x: { name: string }) => x.name)).not.toContain('Recycled');
      await first.get('/Recycled/api/v1/me').expect(404);
      await request(t.url).get('/Recycled/api/v1/tenant-info').expect(404);

      await createTenant(t, 'Recycled', 'second-admin-password-2');
      // Old cookies do not come back to life in the new tenant.
      await first.get('/Recycled/api/v1/me').expect(401);
      await oldUser.get('/Recycled/api/v1/me').expect(401);
      // The old Administrator password and the old user are gone.
      const oldPassword = await request(t.url).post('/Recycled/auth/login').send({ loginId: 'Administrator', password: 'first-admin-password-1' });
      expect(oldPassword.status).toBe(401);
      const oldLogin = await request(t.url).post('/Recycled/auth/login').send({ loginId: 'old.user', password: USER_PASSWORD });
      expect(oldLogin.status).toBe(401);

      const second = await signIn(t, 'Recycled', 'Administrator', 'second-admin-password-2');
      const users = await second.get('/Recycled/api/v1/users').expect(200);
      expect(users.body.map((u: { loginId: string }) => u.loginId)).toEqual(['Administrator']);
      const groups = await second.get('/Recycled/api/v1/workgroups').expect(200);
      expect(groups.body.map((g: { name: string }) => g.name).sort()).toEqual(['Administrators', 'Everyone', 'SecurityAdministrators']);
      const audit = await second.get('/Recycled/api/v1/audit-events').expect(200);
      expect(audit.body.map((e: { target: { loginId?: string } }) => e.target.loginId)).not.toContain('old.user');
    });
  });

  describe('Administrator recovery', () => {
    it('resets the password of the tenant Administrator and unlocks it', async () => {
      await createTenant(t, 'recovery');
      const first = await signIn(t, 'recovery', 'Administrator', TENANT_ADMIN_PASSWORD);
      // A second Administrator locks the first (the last Administrator cannot be locked).
      const secondId = await createUserWithRoles(first, 'recovery', 'second.admin', []);
      const groups = await first.get('/recovery/api/v1/workgroups').expect(200);
      const administrators = groups.body.find((g: { name: string }) => g.name === 'Administrators');
      await first
        .put(`/recovery/api/v1/workgroups/${administrators.id}`, { name: 'Administrators', roles: {}, members: [...administrators.members, secondId] })
        .expect(200);
      const second = await signIn(t, 'recovery', 'second.admin', USER_PASSWORD);
      const firstId = (await first.get('/recovery/api/v1/me')).body.id;
      await second.patch(`/recovery/api/v1/users/${firstId}`, { locked: true }).expect(200);
      const lockedOut = await request(t.url).post('/recovery/auth/login').send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD });
      expect(lockedOut.status).toBe(403);

      const short = await admin().post('/admin/api/tenants/recovery/administrator', { password: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.message).toContain('password');
      await admin().post('/admin/api/tenants/nowhere/administrator', { password: 'recovered-password-1' }).expect(404);

      const reset = await admin().post('/admin/api/tenants/recovery/administrator', { password: 'recovered-password-1' });
      expect(reset.status).toBe(200);
      const oldPassword = await request(t.url).post('/recovery/auth/login').send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD });
      expect(oldPassword.status).toBe(401);
      const recovered = await signIn(t, 'recovery', 'Administrator', 'recovered-password-1');
      const user = await recovered.get(`/recovery/api/v1/users/${firstId}`).expect(200);
      expect(user.body).toMatchObject({ locked: false, deactivated: false });
      expect(user.body.workgroups).toContain('Administrators');
    });
  });

  describe('server audit log', () => {
    it('records tenant and settings changes by the IPS Administrator, newest first', async () => {
      await createTenant(t, 'audited');
      await admin().patch('/admin/api/settings', { apiKeyLifetimeDays: 30 }).expect(200);
      await admin().delete('/admin/api/tenants/audited').expect(204);
      await admin().patch('/admin/api/settings', { apiKeyLifetimeDays: null }).expect(200);

      const res = await admin().get('/admin/api/audit-events').expect(200);
      const events = res.body as {
        id: number;
        at: string;
        action: string;
        actor: { loginId: string } | null;
        target: { type: string; id: string };
        ip: string;
      }[];
      const ids = events.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const created = events.find((e) => e.action === 'tenant.created' && e.target.id === 'audited');
      const deleted = events.find((e) => e.action === 'tenant.deleted' && e.target.id === 'audited');
      expect(created).toMatchObject({ actor: { loginId: 'admin' }, target: { type: 'tenant', id: 'audited' }, ip: '127.0.0.1' });
      expect(deleted).toMatchObject({ actor: { loginId: 'admin' }, target: { type: 'tenant' } });
      expect(deleted!.id).toBeGreaterThan(created!.id);
      expect(events.some((e) => e.action === 'settings.updated')).toBe(true);
      // Tenant-level events (sign-ins) do not leak into the server log.
      expect(events.some((e) => e.action === 'session.started')).toBe(false);

      const page = await admin().get(`/admin/api/audit-events?limit=2&before=${events[0].id}`).expect(200);
      expect(page.body.map((e: { id: number }) => e.id)).toEqual(ids.slice(1, 3));
      await admin().get('/admin/api/audit-events?limit=abc').expect(400);
      await request(t.url).get('/admin/api/audit-events').expect(401);
    });
  });

  describe('logs', () => {
    it('never contain a password used in this file', () => {
      const all = t.logs.join('\n');
      for (const secret of [
        ADMIN_PASSWORD,
        TENANT_ADMIN_PASSWORD,
        USER_PASSWORD,
        'first-admin-password-1',
        'second-admin-password-2',
        'recovered-password-1',
      ]) {
        expect(all).not.toContain(secret);
      }
      expect(t.logs.length).toBeGreaterThan(0);
    });
  });
});
