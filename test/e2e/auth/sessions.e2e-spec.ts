// Tenant website sessions (SPEC 5 "Sessions", "Tenant website"): sign-in by JSON and form,
// cookie attributes, CSRF and media-type rules, server-side end of sessions, timeouts,
// own password change and generated passwords.
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Session } from '../../../src/sessions/session.entity';
import { TenantsService } from '../../../src/tenants/tenants.service';
import { UsersService } from '../../../src/users/users.service';
import { basic, browser, Browser, createTenant, createUserWithRoles, requestFrom, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { ADMIN_PASSWORD, startTestApp, TestApp } from '../../support/test-app';

const NEW_PASSWORD = 'brand-new-password-42';
const GENERATED_PASSWORD = 'server-generated-pass-77';
const SAML_CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUexample\n-----END CERTIFICATE-----';

function setCookies(res: request.Response): string[] {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []);
}
function sessionCookie(res: request.Response): string {
  const cookie = setCookies(res).find((c) => c.startsWith('ips_session='));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(res.headers)}`);
  return cookie;
}
const pair = (setCookie: string) => setCookie.split(';')[0];

/** Moves the user's sessions back in time, as if the clock had run on. */
async function ageSessions(t: TestApp, userId: number, changes: Partial<Pick<Session, 'lastSeenAt' | 'expiresAt'>>): Promise<void> {
  const result = await t.app.get(DataSource).getRepository(Session).update({ userId }, changes);
  expect(result.affected).toBeGreaterThan(0);
}

describe('tenant website sessions', () => {
  let t: TestApp;
  let admin: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
    admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
  });
  afterAll(() => t.close());

  describe('sign-in', () => {
    it('JSON sign-in answers 200 with the /me object and sets an HttpOnly, SameSite=Lax cookie scoped to the tenant', async () => {
      const res = await request(t.url).post('/acme/auth/login').send({ loginId: 'ADMINISTRATOR', password: TENANT_ADMIN_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        loginId: 'Administrator',
        type: 'Local',
        displayName: 'Administrator',
        roles: ['Security/Security', 'Security/API Key', 'Data/Read', 'Data/Write'],
      });
      expect(typeof res.body.id).toBe('number');
      const cookie = sessionCookie(res);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      expect(cookie).toMatch(/;\s*Path=\/acme(;|$)/i);
      expect(cookie).not.toMatch(/;\s*Secure/i);
      await browser(t, pair(cookie)).get('/acme/api/v1/me').expect(200);
    });

    it('form sign-in from our own origin answers 303 to the launch page with the cookie', async () => {
      const res = await request(t.url)
        .post('/acme/auth/login')
        .set('Origin', t.url)
        .type('form')
        .send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/acme/');
      await browser(t, pair(sessionCookie(res)))
        .get('/acme/api/v1/me')
        .expect(200);
    });

    it('refuses a form sign-in from a foreign origin or without Origin (login CSRF)', async () => {
      const foreign = await request(t.url)
        .post('/acme/auth/login')
        .set('Origin', 'https://evil.example')
        .type('form')
        .send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD });
      expect(foreign.status).toBe(403);
      expect(setCookies(foreign).some((c) => c.startsWith('ips_session='))).toBe(false);
      const none = await request(t.url).post('/acme/auth/login').type('form').send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD });
      expect(none.status).toBe(403);
      expect(setCookies(none).some((c) => c.startsWith('ips_session='))).toBe(false);
    });

    it('gives a new session id at every sign-in, and both sessions work', async () => {
      const one = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
      const two = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
      expect(one.cookie).not.toEqual(two.cookie);
      await one.get('/acme/api/v1/me').expect(200);
      await two.get('/acme/api/v1/me').expect(200);
      // A cookie presented at sign-in is not kept (no session fixation).
      const again = await request(t.url).post('/acme/auth/login').set('Cookie', one.cookie).send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD });
      expect(pair(sessionCookie(again))).not.toEqual(one.cookie);
    });

    it('answers the same 401 for a wrong password and an unknown user, without a cookie', async () => {
      const wrong = await request(t.url).post('/acme/auth/login').send({ loginId: 'Administrator', password: 'wrong-password-123' });
      const unknown = await request(t.url).post('/acme/auth/login').send({ loginId: 'nobody.here', password: 'wrong-password-123' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(setCookies(wrong).some((c) => c.startsWith('ips_session='))).toBe(false);
    });

    it('answers 404 for an unknown tenant', async () => {
      await request(t.url).post('/nowhere/auth/login').send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD }).expect(404);
    });

    it('answers 400 for a malformed sign-in body', async () => {
      const res = await request(t.url).post('/acme/auth/login').send({ loginId: 'Administrator' });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('password');
    });

    it('logout ends the session server-side: 204, and the cookie no longer works', async () => {
      const session = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
      const refused = await request(t.url).post('/acme/auth/logout').set('Cookie', session.cookie);
      expect(refused.status).toBe(403);
      await session.get('/acme/api/v1/me').expect(200);
      await session.post('/acme/auth/logout').expect(204);
      const after = await session.get('/acme/api/v1/me');
      expect(after.status).toBe(401);
      // A website call without Authorization gets no Basic challenge (no browser dialog).
      expect(after.headers['www-authenticate']).toBeUndefined();
    });
  });

  describe('account changes end sessions', () => {
    it('locked users cannot sign in and their sessions end; unlocking lets them sign in again', async () => {
      const id = await createUserWithRoles(admin, 'acme', 'lock.me', ['Data/Read']);
      const user = await signIn(t, 'acme', 'lock.me', USER_PASSWORD);
      await admin.patch(`/acme/api/v1/users/${id}`, { locked: true }).expect(200);
      await user.get('/acme/api/v1/me').expect(401);
      const res = await request(t.url).post('/acme/auth/login').send({ loginId: 'lock.me', password: USER_PASSWORD });
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/locked/i);
      expect(setCookies(res).some((c) => c.startsWith('ips_session='))).toBe(false);
      await admin.patch(`/acme/api/v1/users/${id}`, { locked: false }).expect(200);
      await signIn(t, 'acme', 'lock.me', USER_PASSWORD);
    });

    it('deactivated users cannot sign in and their sessions end', async () => {
      const id = await createUserWithRoles(admin, 'acme', 'leaver', []);
      const user = await signIn(t, 'acme', 'leaver', USER_PASSWORD);
      await admin.patch(`/acme/api/v1/users/${id}`, { deactivated: true }).expect(200);
      await user.get('/acme/api/v1/me').expect(401);
      const res = await request(t.url).post('/acme/auth/login').send({ loginId: 'leaver', password: USER_PASSWORD });
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/deactivated/i);
    });

    it("a password reset by an administrator ends the user's sessions", async () => {
      const id = await createUserWithRoles(admin, 'acme', 'reset.me', []);
      const user = await signIn(t, 'acme', 'reset.me', USER_PASSWORD);
      await admin.patch(`/acme/api/v1/users/${id}`, { displayName: 'Still Signed In' }).expect(200);
      await user.get('/acme/api/v1/me').expect(200);
      await admin.patch(`/acme/api/v1/users/${id}`, { password: NEW_PASSWORD }).expect(200);
      await user.get('/acme/api/v1/me').expect(401);
      await signIn(t, 'acme', 'reset.me', NEW_PASSWORD);
    });
  });

  describe('cookie-authenticated writes', () => {
    it('need a same-origin Origin header (403 without one or with a foreign one)', async () => {
      const id = await createUserWithRoles(admin, 'acme', 'csrf.target', []);
      const noOrigin = await request(t.url).patch(`/acme/api/v1/users/${id}`).set('Cookie', admin.cookie).send({ locked: true });
      expect(noOrigin.status).toBe(403);
      const foreign = await request(t.url)
        .patch(`/acme/api/v1/users/${id}`)
        .set('Cookie', admin.cookie)
        .set('Origin', 'http://evil.example')
        .send({ locked: true });
      expect(foreign.status).toBe(403);
      const post = await request(t.url)
        .post('/acme/api/v1/users')
        .set('Cookie', admin.cookie)
        .set('Origin', 'null')
        .send({ loginId: 'csrf.created', type: 'SAML2' });
      expect(post.status).toBe(403);
      const del = await request(t.url).delete(`/acme/api/v1/users/${id}/api-key`).set('Cookie', admin.cookie);
      expect(del.status).toBe(403);
      const user = await admin.get(`/acme/api/v1/users/${id}`).expect(200);
      expect(user.body.locked).toBe(false);
      const users = await admin.get('/acme/api/v1/users').expect(200);
      expect(users.body.map((u: { loginId: string }) => u.loginId)).not.toContain('csrf.created');
    });

    it('must be JSON: text/plain and forms get 415', async () => {
      const plain = await request(t.url)
        .post('/acme/api/v1/users')
        .set('Cookie', admin.cookie)
        .set('Origin', t.url)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify({ loginId: 'plain.text', type: 'SAML2' }));
      expect(plain.status).toBe(415);
      const form = await request(t.url)
        .post('/acme/api/v1/users')
        .set('Cookie', admin.cookie)
        .set('Origin', t.url)
        .type('form')
        .send({ loginId: 'form.post', type: 'SAML2' });
      expect(form.status).toBe(415);
      const patch = await request(t.url)
        .patch('/acme/api/v1/settings')
        .set('Cookie', admin.cookie)
        .set('Origin', t.url)
        .type('form')
        .send({ previewWebFeatures: 'true' });
      expect(patch.status).toBe(415);
      const users = await admin.get('/acme/api/v1/users').expect(200);
      expect(users.body.map((u: { loginId: string }) => u.loginId)).not.toEqual(expect.arrayContaining(['plain.text']));
      expect(users.body.map((u: { loginId: string }) => u.loginId)).not.toContain('form.post');
    });
  });

  describe('own password change', () => {
    it('checks the current password and the new one, then ends the other sessions', async () => {
      await createUserWithRoles(admin, 'acme', 'changer', []);
      const main = await signIn(t, 'acme', 'changer', USER_PASSWORD);
      const other = await signIn(t, 'acme', 'changer', USER_PASSWORD);

      const wrong = await main.post('/acme/api/v1/me/password', { currentPassword: 'not-my-password-1', newPassword: NEW_PASSWORD });
      expect(wrong.status).toBe(400);
      expect(wrong.body.message).toContain('currentPassword');
      const short = await main.post('/acme/api/v1/me/password', { currentPassword: USER_PASSWORD, newPassword: 'short-pw' });
      expect(short.status).toBe(400);
      expect(short.body.message).toContain('newPassword');
      const missing = await main.post('/acme/api/v1/me/password', { currentPassword: USER_PASSWORD });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toContain('newPassword');
      await other.get('/acme/api/v1/me').expect(200);

      const ok = await main.post('/acme/api/v1/me/password', { currentPassword: USER_PASSWORD, newPassword: NEW_PASSWORD });
      expect(ok.status).toBe(204);
      await other.get('/acme/api/v1/me').expect(401);
      // The session that made the change continues with a renewed cookie.
      const renewed = browser(t, pair(sessionCookie(ok)));
      await renewed.get('/acme/api/v1/me').expect(200);

      const old = await request(t.url).post('/acme/auth/login').send({ loginId: 'changer', password: USER_PASSWORD });
      expect(old.status).toBe(401);
      await signIn(t, 'acme', 'changer', NEW_PASSWORD);
    });

    it('a generated password must be changed first: 403 elsewhere, 200 on /me, then full access', async () => {
      const tenant = await t.app.get(TenantsService).getByName('acme');
      const user = await t.app
        .get(UsersService)
        .create(tenant.id, { loginId: 'first.timer', type: 'Local', password: GENERATED_PASSWORD, generatedPassword: true });
      await admin.post('/acme/api/v1/workgroups', { name: 'first-timers', members: [user.id], roles: { 'Security/Security': 'Allowed' } }).expect(201);

      const session = await signIn(t, 'acme', 'first.timer', GENERATED_PASSWORD);
      const users = await session.get('/acme/api/v1/users');
      expect(users.status).toBe(403);
      expect(users.body.message).toMatch(/password/i);
      const me = await session.get('/acme/api/v1/me').expect(200);
      expect(me.body).toMatchObject({ loginId: 'first.timer', roles: ['Security/Security'] });

      const changed = await session.post('/acme/api/v1/me/password', { currentPassword: GENERATED_PASSWORD, newPassword: NEW_PASSWORD });
      expect(changed.status).toBe(204);
      const renewed = browser(t, pair(sessionCookie(changed)));
      await renewed.get('/acme/api/v1/users').expect(200);
      const fresh = await signIn(t, 'acme', 'first.timer', NEW_PASSWORD);
      await fresh.get('/acme/api/v1/users').expect(200);
    });
  });

  describe('login methods', () => {
    it('refuses to disable Local sign-in while every Administrator is a Local account (409)', async () => {
      const res = await admin.patch('/acme/api/v1/settings', { loginMethods: { local: false } });
      expect(res.status).toBe(409);
      const settings = await admin.get('/acme/api/v1/settings').expect(200);
      expect(settings.body.loginMethods).toEqual({ local: true, saml2: false });
    });

    it('refuses to enable SAML2 without PUBLIC_URL (409)', async () => {
      const res = await admin.patch('/acme/api/v1/settings', {
        loginMethods: { saml2: true },
        saml: { idpEntityId: 'https://idp.example.com', idpSsoUrl: 'https://idp.example.com/sso', idpCertificate: SAML_CERT },
      });
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('PUBLIC_URL');
      const settings = await admin.get('/acme/api/v1/settings').expect(200);
      expect(settings.body.loginMethods.saml2).toBe(false);
    });
  });

  describe('logs', () => {
    it('never contain a password used in this file', () => {
      const all = t.logs.join('\n');
      for (const secret of [ADMIN_PASSWORD, TENANT_ADMIN_PASSWORD, USER_PASSWORD, NEW_PASSWORD, GENERATED_PASSWORD]) expect(all).not.toContain(secret);
    });
  });
});

describe('tenant website sessions behind https PUBLIC_URL, with short timeouts', () => {
  const ORIGIN = 'https://ips.example.com';
  let t: TestApp;

  /** A browser on the public origin: same-origin Origin is PUBLIC_URL's. */
  async function signInPublic(loginId: string, password: string): Promise<{ b: Browser; setCookie: string; id: number }> {
    const res = await request(t.url).post('/acme/auth/login').send({ loginId, password });
    expect(res.status).toBe(200);
    const setCookie = sessionCookie(res);
    const cookie = pair(setCookie);
    return { b: browser(t, cookie, ORIGIN), setCookie, id: res.body.id };
  }

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: ORIGIN, SESSION_IDLE_MINUTES: '1', SESSION_ABSOLUTE_HOURS: '1' });
    await createTenant(t, 'acme');
  });
  afterAll(() => t.close());

  it('marks the cookie Secure', async () => {
    const { setCookie } = await signInPublic('Administrator', TENANT_ADMIN_PASSWORD);
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
  });

  it("takes PUBLIC_URL's origin as same-origin for writes and forms", async () => {
    const { b } = await signInPublic('Administrator', TENANT_ADMIN_PASSWORD);
    await b.patch('/acme/api/v1/settings', { previewWebFeatures: true }).expect(200);
    const local = await request(t.url).patch('/acme/api/v1/settings').set('Cookie', b.cookie).set('Origin', t.url).send({ previewWebFeatures: false });
    expect(local.status).toBe(403);
    const form = await request(t.url)
      .post('/acme/auth/login')
      .set('Origin', ORIGIN)
      .type('form')
      .send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD });
    expect(form.status).toBe(303);
    expect(form.headers.location).toBe('/acme/');
    expect(sessionCookie(form)).toMatch(/;\s*Secure/i);
  });

  it('ends a session after the idle timeout', async () => {
    const { b: admin } = await signInPublic('Administrator', TENANT_ADMIN_PASSWORD);
    const userId = await createUserWithRoles(admin, 'acme', 'idle.user', []);
    const { b } = await signInPublic('idle.user', USER_PASSWORD);
    await ageSessions(t, userId, { lastSeenAt: new Date(Date.now() - 30_000) });
    await b.get('/acme/api/v1/me').expect(200);
    // lastSeenAt is written every tenth of the timeout, so the session may have been used
    // up to 6 s after it says: idle for sure once it is 66 s old (issue 10).
    await ageSessions(t, userId, { lastSeenAt: new Date(Date.now() - 67_000) });
    await b.get('/acme/api/v1/me').expect(401);
  });

  it('ends a session at its absolute timeout, however active', async () => {
    const { b: admin } = await signInPublic('Administrator', TENANT_ADMIN_PASSWORD);
    const userId = await createUserWithRoles(admin, 'acme', 'busy.user', []);
    const { b } = await signInPublic('busy.user', USER_PASSWORD);
    await b.get('/acme/api/v1/me').expect(200);
    await ageSessions(t, userId, { expiresAt: new Date(Date.now() - 1_000), lastSeenAt: new Date() });
    await b.get('/acme/api/v1/me').expect(401);
  });

  it('sets the absolute end from SESSION_ABSOLUTE_HOURS', async () => {
    const { id } = await signInPublic('Administrator', TENANT_ADMIN_PASSWORD);
    const sessions = await t.app.get(DataSource).getRepository(Session).findBy({ userId: id });
    const newest = sessions.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    expect(newest.expiresAt.getTime() - newest.createdAt.getTime()).toBe(3_600_000);
  });

  it('disabling Local sign-in ends the sessions of Local accounts once a SAML2 Administrator exists', async () => {
    const { b: admin } = await signInPublic('Administrator', TENANT_ADMIN_PASSWORD);
    const localUserId = await createUserWithRoles(admin, 'acme', 'local.user', []);
    const { b: localUser } = await signInPublic('local.user', USER_PASSWORD);

    const samlId = (await admin.post('/acme/api/v1/users', { loginId: 'first.last@corp.example.com', type: 'SAML2' }).expect(201)).body.id;
    const groups = await admin.get('/acme/api/v1/workgroups').expect(200);
    const administrators = groups.body.find((g: { name: string }) => g.name === 'Administrators');
    await admin
      .put(`/acme/api/v1/workgroups/${administrators.id}`, { name: 'Administrators', roles: {}, members: [...administrators.members, samlId] })
      .expect(200);

    // A SAML2 Administrator does not help while SAML2 sign-in is off.
    await admin.patch('/acme/api/v1/settings', { loginMethods: { local: false } }).expect(409);
    const saml = await admin.patch('/acme/api/v1/settings', {
      loginMethods: { saml2: true },
      saml: {
        idpEntityId: 'https://idp.example.com',
        idpSsoUrl: 'https://idp.example.com/sso',
        idpCertificate: SAML_CERT,
        allowedDomains: ['corp.example.com'],
      },
    });
    expect(saml.status).toBe(200);
    expect(saml.body.loginMethods).toEqual({ local: true, saml2: true });
    await localUser.get('/acme/api/v1/me').expect(200);

    const off = await admin.patch('/acme/api/v1/settings', { loginMethods: { local: false } });
    expect(off.status).toBe(200);
    // Merged, not replaced: saml2 stays on.
    expect(off.body.loginMethods).toEqual({ local: false, saml2: true });
    await localUser.get('/acme/api/v1/me').expect(401);
    await admin.get('/acme/api/v1/me').expect(401);
    const res = await request(t.url).post('/acme/auth/login').send({ loginId: 'local.user', password: USER_PASSWORD });
    expect(res.status).toBe(403);
    const info = await request(t.url).get('/acme/api/v1/tenant-info').expect(200);
    expect(info.body.loginMethods).toEqual({ local: false, saml2: true });
    expect(localUserId).toBeGreaterThan(0);
  });
});

describe('tenant website sessions behind a trusted TLS proxy (TRUST_PROXY, no PUBLIC_URL)', () => {
  let t: TestApp;
  const proxied = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'ips.example.com', 'X-Forwarded-For': '203.0.113.7' };

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
    await createTenant(t, 'acme');
  });
  afterAll(() => t.close());

  it("takes the proxy's public origin as same-origin, as the OData links do", async () => {
    const login = await request(t.url)
      .post('/acme/auth/login')
      .set({ ...proxied, Origin: 'https://ips.example.com' })
      .send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    const cookie = pair(sessionCookie(login));
    // A cookie write through the proxy from the public origin is same-origin too.
    const write = await request(t.url)
      .patch('/acme/api/v1/settings')
      .set({ ...proxied, Origin: 'https://ips.example.com', Cookie: cookie })
      .send({ previewWebFeatures: true });
    expect(write.status).toBe(200);
    // The links the same request would get on OData start with that origin.
    const odata = await request(t.url)
      .get('/acme/odata/')
      .set({ ...proxied, Authorization: basic('Administrator', TENANT_ADMIN_PASSWORD) });
    expect(odata.body['@odata.context']).toBe('https://ips.example.com/acme/odata/$metadata');
  });

  it("still refuses another origin, and the proxy's headers from a client that is not the proxy", async () => {
    const foreign = await request(t.url)
      .post('/acme/auth/login')
      .set({ ...proxied, Origin: 'https://evil.example.com' })
      .send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD });
    expect(foreign.status).toBe(403);
    const spoofed = await requestFrom(t, '127.0.0.2', '/acme/auth/login', {
      method: 'POST',
      headers: { ...proxied, Origin: 'https://ips.example.com', 'Content-Type': 'application/json' },
      body: JSON.stringify({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD }),
    });
    expect(spoofed.status).toBe(403);
  });
});
