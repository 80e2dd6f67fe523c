// Tenant settings, public tenant-info and the tenant audit log (SPEC 3 "Tenant settings",
// SPEC 5 /settings, /tenant-info, /audit-events).
import request from 'supertest';
import { Browser, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { ADMIN_PASSWORD, startTestApp, TestApp } from '../../support/test-app';

const DEFAULTS = {
  previewWebFeatures: false,
  apiAccessEnabled: true,
  loginMethods: { local: true, saml2: false },
  saml: { idpEntityId: null, idpSsoUrl: null, idpCertificate: null, allowedDomains: [] },
};

interface AuditEvent {
  id: number;
  at: string;
  action: string;
  actor: { id: number | null; loginId: string } | null;
  target: { type: string; id: string | null; loginId?: string };
  ip: string | null;
}

describe('tenant settings, tenant-info and audit log', () => {
  let t: TestApp;
  let admin: Browser;
  let adminId: number;
  let sec: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
    admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    adminId = (await admin.get('/acme/api/v1/me')).body.id;
    await createUserWithRoles(admin, 'acme', 'sec.holder', ['Security/Security']);
    sec = await signIn(t, 'acme', 'sec.holder', USER_PASSWORD);
  });
  afterAll(() => t.close());

  describe('settings', () => {
    it('starts with the documented defaults', async () => {
      const res = await admin.get('/acme/api/v1/settings').expect(200);
      expect(res.body).toEqual(DEFAULTS);
    });

    it('is for Administrators only: a Security/Security holder gets 403', async () => {
      const get = await sec.get('/acme/api/v1/settings');
      expect(get.status).toBe(403);
      expect(get.body.message).toMatch(/Administrators/);
      expect((await sec.patch('/acme/api/v1/settings', { previewWebFeatures: true })).status).toBe(403);
      expect((await admin.get('/acme/api/v1/settings')).body.previewWebFeatures).toBe(false);
      await request(t.url).get('/acme/api/v1/settings').expect(401);
    });

    it('PATCH merges, nested objects included', async () => {
      const one = await admin.patch('/acme/api/v1/settings', { previewWebFeatures: true });
      expect(one.status).toBe(200);
      expect(one.body).toEqual({ ...DEFAULTS, previewWebFeatures: true });

      const saml = {
        idpEntityId: 'https://idp.example.com/entity',
        idpSsoUrl: 'https://idp.example.com/sso',
        idpCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
        allowedDomains: ['corp.example.com'],
      };
      await admin.patch('/acme/api/v1/settings', { saml }).expect(200);
      const partial = await admin.patch('/acme/api/v1/settings', { saml: { allowedDomains: ['corp.example.com', 'sub.corp.example.com'] } });
      expect(partial.status).toBe(200);
      expect(partial.body.saml).toEqual({ ...saml, allowedDomains: ['corp.example.com', 'sub.corp.example.com'] });
      expect(partial.body.previewWebFeatures).toBe(true);

      const methods = await admin.patch('/acme/api/v1/settings', { loginMethods: { local: true } });
      expect(methods.body.loginMethods).toEqual({ local: true, saml2: false });
      const apiOff = await admin.patch('/acme/api/v1/settings', { apiAccessEnabled: false });
      expect(apiOff.body).toMatchObject({ apiAccessEnabled: false, previewWebFeatures: true, saml: { idpEntityId: saml.idpEntityId } });

      const stored = await admin.get('/acme/api/v1/settings').expect(200);
      expect(stored.body).toEqual({
        previewWebFeatures: true,
        apiAccessEnabled: false,
        loginMethods: { local: true, saml2: false },
        saml: { ...saml, allowedDomains: ['corp.example.com', 'sub.corp.example.com'] },
      });
      await admin.patch('/acme/api/v1/settings', { apiAccessEnabled: true }).expect(200);
    });

    it('refuses invalid values naming the field', async () => {
      const cases: [object, string][] = [
        [{ previewWebFeatures: 'yes' }, 'previewWebFeatures'],
        [{ apiAccessEnabled: 0 }, 'apiAccessEnabled'],
        [{ loginMethods: { local: 'no' } }, 'loginMethods.local'],
        [{ loginMethods: { ldap: true } }, 'ldap'],
        [{ saml: { idpSsoUrl: 'javascript:alert(1)' } }, 'saml.idpSsoUrl'],
        [{ saml: { idpCertificate: 'not a pem' } }, 'saml.idpCertificate'],
        [{ saml: { allowedDomains: ['not a domain'] } }, 'saml.allowedDomains'],
        [{ theme: 'dark' }, 'theme'],
        // null is not "left out": these settings cannot be null.
        [{ previewWebFeatures: null }, 'previewWebFeatures'],
        [{ apiAccessEnabled: null }, 'apiAccessEnabled'],
        [{ loginMethods: null }, 'loginMethods'],
        [{ loginMethods: { local: null } }, 'loginMethods.local'],
        [{ saml: null }, 'saml'],
        [{ saml: { allowedDomains: null } }, 'saml.allowedDomains'],
      ];
      for (const [body, field] of cases) {
        const res = await admin.patch('/acme/api/v1/settings', body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.body.message).toContain(field);
      }
      const after = await admin.get('/acme/api/v1/settings').expect(200);
      expect(after.body.loginMethods).toEqual({ local: true, saml2: false });
      expect(after.body.saml.allowedDomains).toEqual(['corp.example.com', 'sub.corp.example.com']);
    });

    it('clears a nullable SAML field with null, keeping the others', async () => {
      const res = await admin.patch('/acme/api/v1/settings', { saml: { idpEntityId: null } });
      expect(res.status).toBe(200);
      expect(res.body.saml).toMatchObject({
        idpEntityId: null,
        idpSsoUrl: 'https://idp.example.com/sso',
        allowedDomains: ['corp.example.com', 'sub.corp.example.com'],
      });
      expect((await admin.get('/acme/api/v1/settings')).body.saml.idpEntityId).toBeNull();
    });

    it('refuses a change that would leave no Administrator able to sign in (409)', async () => {
      const res = await admin.patch('/acme/api/v1/settings', { loginMethods: { local: false } });
      expect(res.status).toBe(409);
      expect((await admin.get('/acme/api/v1/settings')).body.loginMethods).toEqual({ local: true, saml2: false });
      await admin.get('/acme/api/v1/me').expect(200);
    });

    it('refuses to enable SAML2 without PUBLIC_URL (409)', async () => {
      const res = await admin.patch('/acme/api/v1/settings', { loginMethods: { saml2: true } });
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('PUBLIC_URL');
    });
  });

  describe('tenant-info', () => {
    it('is public and shows what the sign-in page needs, nothing more', async () => {
      const res = await request(t.url).get('/acme/api/v1/tenant-info').expect(200);
      expect(res.body).toEqual({ name: 'acme', previewWebFeatures: true, loginMethods: { local: true, saml2: false } });
      // Case-insensitive tenant name; the canonical name comes back.
      expect((await request(t.url).get('/ACME/api/v1/tenant-info').expect(200)).body.name).toBe('acme');
      await request(t.url).get('/nowhere/api/v1/tenant-info').expect(404);
    });
  });

  describe('audit log', () => {
    it('records user, workgroup and settings changes, newest first, with actor, target and ip', async () => {
      const userId = (await admin.post('/acme/api/v1/users', { loginId: 'audited.user', type: 'SAML2' }).expect(201)).body.id;
      await admin.patch(`/acme/api/v1/users/${userId}`, { apiAccess: false }).expect(200);
      const groupId = (await admin.post('/acme/api/v1/workgroups', { name: 'Audited', members: [userId], roles: {} }).expect(201)).body.id;
      await admin.put(`/acme/api/v1/workgroups/${groupId}`, { name: 'Audited', members: [], roles: { 'Data/Read': 'Allowed' } }).expect(200);
      await admin.delete(`/acme/api/v1/workgroups/${groupId}`).expect(204);
      await admin.patch('/acme/api/v1/settings', { previewWebFeatures: false }).expect(200);

      const res = await admin.get('/acme/api/v1/audit-events').expect(200);
      const events = res.body as AuditEvent[];
      const ids = events.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const actor = { id: adminId, loginId: 'Administrator' };
      expect(events.slice(0, 6).map((e) => e.action)).toEqual([
        'settings.updated',
        'workgroup.deleted',
        'workgroup.updated',
        'workgroup.created',
        'user.updated',
        'user.created',
      ]);
      expect(events[0]).toMatchObject({ action: 'settings.updated', actor, target: { type: 'settings' }, ip: '127.0.0.1' });
      expect(events[1]).toMatchObject({ action: 'workgroup.deleted', actor, target: { type: 'workgroup', id: String(groupId) }, ip: '127.0.0.1' });
      expect(events[4]).toMatchObject({ action: 'user.updated', actor, target: { type: 'user', id: String(userId), loginId: 'audited.user' } });
      expect(events[5]).toMatchObject({
        action: 'user.created',
        actor,
        target: { type: 'user', id: String(userId), loginId: 'audited.user' },
        ip: '127.0.0.1',
      });
      expect(Number.isNaN(Date.parse(events[0].at))).toBe(false);
    });

    it('records password changes without the password', async () => {
      const id = (await admin.post('/acme/api/v1/users', { loginId: 'pw.audited', type: 'Local', password: 'initial-password-12' }).expect(201)).body.id;
      await admin.patch(`/acme/api/v1/users/${id}`, { password: 'changed-password-34' }).expect(200);
      const res = await admin.get('/acme/api/v1/audit-events?limit=1').expect(200);
      expect(res.body).toHaveLength(1);
      expect(res.body[0]).toMatchObject({ action: 'user.updated', target: { type: 'user', id: String(id) } });
      expect(JSON.stringify(res.body)).not.toContain('changed-password-34');
    });

    it('pages with limit and before', async () => {
      const all = (await admin.get('/acme/api/v1/audit-events?limit=1000').expect(200)).body as AuditEvent[];
      expect(all.length).toBeGreaterThan(5);
      const first = (await admin.get('/acme/api/v1/audit-events?limit=2').expect(200)).body as AuditEvent[];
      expect(first.map((e) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
      const next = (await admin.get(`/acme/api/v1/audit-events?limit=2&before=${first[1].id}`).expect(200)).body as AuditEvent[];
      expect(next.map((e) => e.id)).toEqual(all.slice(2, 4).map((e) => e.id));
      const last = (await admin.get(`/acme/api/v1/audit-events?before=${all[all.length - 1].id}`).expect(200)).body;
      expect(last).toEqual([]);
      for (const query of ['limit=0', 'limit=abc', 'limit=1001', 'before=x', 'before=-3', 'foo=1']) {
        const res = await admin.get(`/acme/api/v1/audit-events?${query}`);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.message).toContain(query.split('=')[0]);
      }
    });

    it('is readable by Security/Security holders, not by other users; and only shows this tenant', async () => {
      await sec.get('/acme/api/v1/audit-events').expect(200);
      await createUserWithRoles(admin, 'acme', 'reader.only', ['Data/Read']);
      const reader = await signIn(t, 'acme', 'reader.only', USER_PASSWORD);
      expect((await reader.get('/acme/api/v1/audit-events')).status).toBe(403);

      await createTenant(t, 'other');
      const otherAdmin = await signIn(t, 'other', 'Administrator', TENANT_ADMIN_PASSWORD);
      const other = (await otherAdmin.get('/other/api/v1/audit-events').expect(200)).body as AuditEvent[];
      expect(other.every((e) => e.target.loginId !== 'audited.user')).toBe(true);
      expect(other.some((e) => e.action === 'user.created')).toBe(false);
      await admin.get('/nowhere/api/v1/audit-events').expect(404);
    });
  });

  it('never writes a password to the logs', () => {
    const all = t.logs.join('\n');
    for (const secret of [ADMIN_PASSWORD, TENANT_ADMIN_PASSWORD, USER_PASSWORD, 'initial-password-12', 'changed-password-34'])
      expect(all).not.toContain(secret);
  });
});
