// Users Web API (SPEC 3 "Users", SPEC 5 "Web API" /users): validation, shape, permissions.
import request from 'supertest';
import { Browser, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { ADMIN_PASSWORD, startTestApp, TestApp } from '../../support/test-app';

const LOCAL_PASSWORD = 'local-user-password-9';

describe('users Web API', () => {
  let t: TestApp;
  let admin: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
    admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
  });
  afterAll(() => t.close());

  it('creates a Local user: 201 with the documented shape, and the user can sign in', async () => {
    const res = await admin.post('/acme/api/v1/users', { loginId: 'jane.doe', type: 'Local', displayName: 'Jane Doe', password: LOCAL_PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      loginId: 'jane.doe',
      type: 'Local',
      displayName: 'Jane Doe',
      locked: false,
      deactivated: false,
      apiAccess: true,
      workgroups: ['Everyone'],
      apiKey: null,
    });
    const jane = await signIn(t, 'acme', 'Jane.Doe', LOCAL_PASSWORD);
    const me = await jane.get('/acme/api/v1/me').expect(200);
    expect(me.body).toMatchObject({ id: res.body.id, loginId: 'jane.doe', type: 'Local', displayName: 'Jane Doe', roles: [] });
  });

  it('creates a SAML2 user without a password; displayName defaults to the loginId', async () => {
    const res = await admin.post('/acme/api/v1/users', { loginId: 'first.last@domain.mycompany.com', type: 'SAML2' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ loginId: 'first.last@domain.mycompany.com', type: 'SAML2', displayName: 'first.last@domain.mycompany.com', apiKey: null });
    // A SAML2 account has no password to sign in with.
    const login = await request(t.url).post('/acme/auth/login').send({ loginId: 'first.last@domain.mycompany.com', password: '' });
    expect(login.status).toBe(401);
  });

  it('needs a password of at least 12 characters for Local users (400 naming password)', async () => {
    const missing = await admin.post('/acme/api/v1/users', { loginId: 'no.password', type: 'Local' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('password');
    const short = await admin.post('/acme/api/v1/users', { loginId: 'short.password', type: 'Local', password: 'elevenchars' });
    expect(short.status).toBe(400);
    expect(short.body.message).toContain('password');
    await admin.post('/acme/api/v1/users', { loginId: 'twelve.chars', type: 'Local', password: 'twelvechars!' }).expect(201);
    const list = await admin.get('/acme/api/v1/users').expect(200);
    expect(list.body.map((u: { loginId: string }) => u.loginId)).not.toEqual(expect.arrayContaining(['no.password']));
    expect(list.body.map((u: { loginId: string }) => u.loginId)).not.toContain('short.password');
  });

  it('refuses a password for SAML2 users (400 naming password)', async () => {
    const res = await admin.post('/acme/api/v1/users', { loginId: 'saml.with.password@corp.example.com', type: 'SAML2', password: LOCAL_PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('password');
  });

  it('refuses a duplicate loginId case-insensitively (409)', async () => {
    await admin.post('/acme/api/v1/users', { loginId: 'Dup.User', type: 'SAML2' }).expect(201);
    const res = await admin.post('/acme/api/v1/users', { loginId: 'dup.user', type: 'Local', password: LOCAL_PASSWORD });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect((await admin.post('/acme/api/v1/users', { loginId: 'ADMINISTRATOR', type: 'SAML2' })).status).toBe(409);
  });

  // Known to fail on MariaDB/MySQL until the *Key columns get a binary collation: the
  // default utf8mb4_unicode_ci makes 'josé' a duplicate of 'jose' there, not on SQLite.
  it('treats loginIds that differ by more than letter case as different users, on every database', async () => {
    await admin.post('/acme/api/v1/users', { loginId: 'jose', type: 'SAML2' }).expect(201);
    const accented = await admin.post('/acme/api/v1/users', { loginId: 'josé', type: 'SAML2' });
    expect(accented.status).toBe(201);
    expect((await admin.post('/acme/api/v1/users', { loginId: 'JOSÉ', type: 'SAML2' })).status).toBe(409);
  });

  it('refuses unknown fields and wrong types, naming the field', async () => {
    const cases: [object, string][] = [
      [{ loginId: 'x.unknown', type: 'SAML2', isAdmin: true }, 'isAdmin'],
      [{ loginId: 'x.type', type: 'LDAP' }, 'type'],
      [{ loginId: 42, type: 'SAML2' }, 'loginId'],
      [{ loginId: '', type: 'SAML2' }, 'loginId'],
      [{ loginId: 'colon:name', type: 'SAML2' }, 'loginId'],
      [{ loginId: 'x.display', type: 'SAML2', displayName: ['a'] }, 'displayName'],
      [{ loginId: 'x.pw', type: 'Local', password: 123456789012345 }, 'password'],
      [{ type: 'SAML2' }, 'loginId'],
      [{ loginId: 'x.null.display', type: 'SAML2', displayName: null }, 'displayName'],
      [{ loginId: 'x.null.pw', type: 'Local', password: null }, 'password'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/acme/api/v1/users', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.message).toContain(field);
    }
  });

  it('reads one user; 404 for an unknown id, 400 for a non-integer id', async () => {
    const created = await admin.post('/acme/api/v1/users', { loginId: 'read.me', type: 'SAML2', displayName: 'Read Me' }).expect(201);
    const res = await admin.get(`/acme/api/v1/users/${created.body.id}`).expect(200);
    expect(res.body).toEqual(created.body);
    const unknown = await admin.get('/acme/api/v1/users/999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const abc = await admin.get('/acme/api/v1/users/abc');
    expect(abc.status).toBe(400);
    expect(abc.body.message).toContain('id');
    for (const id of ['0', '-1', '1.5', '99999999999999999999']) {
      const bad = await admin.get(`/acme/api/v1/users/${id}`);
      expect({ id, status: bad.status }).toEqual({ id, status: 400 });
    }
    await admin.patch('/acme/api/v1/users/999999', { displayName: 'Ghost' }).expect(404);
    await admin.patch('/acme/api/v1/users/abc', { displayName: 'Ghost' }).expect(400);
  });

  it('lists users with their workgroups (Everyone included)', async () => {
    const id = await createUserWithRoles(admin, 'acme', 'list.me', ['Data/Read']);
    const res = await admin.get('/acme/api/v1/users').expect(200);
    expect(Array.isArray(res.body)).toBe(true);
    const administrator = res.body.find((u: { loginId: string }) => u.loginId === 'Administrator');
    expect(administrator.workgroups).toEqual(['Administrators', 'Everyone']);
    const listed = res.body.find((u: { id: number }) => u.id === id);
    expect(listed).toEqual({
      id,
      loginId: 'list.me',
      type: 'Local',
      displayName: 'list.me',
      locked: false,
      deactivated: false,
      apiAccess: true,
      workgroups: ['Everyone', 'wg-list.me'],
      apiKey: null,
    });
  });

  it('updates displayName, apiAccess and flags; refuses bad values naming the field', async () => {
    const id = await createUserWithRoles(admin, 'acme', 'patch.me', []);
    const res = await admin.patch(`/acme/api/v1/users/${id}`, { displayName: 'Patched', apiAccess: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, loginId: 'patch.me', displayName: 'Patched', apiAccess: false, locked: false });
    expect((await admin.get(`/acme/api/v1/users/${id}`)).body).toMatchObject({ displayName: 'Patched', apiAccess: false });

    const cases: [object, string][] = [
      [{ locked: 'yes' }, 'locked'],
      [{ apiAccess: 1 }, 'apiAccess'],
      [{ displayName: '' }, 'displayName'],
      [{ loginId: 'renamed' }, 'loginId'],
      [{ type: 'SAML2' }, 'type'],
      [{ password: 'short' }, 'password'],
      // null is not "left out": these columns cannot be null.
      [{ displayName: null }, 'displayName'],
      [{ locked: null }, 'locked'],
      [{ deactivated: null }, 'deactivated'],
      [{ apiAccess: null }, 'apiAccess'],
      [{ password: null }, 'password'],
    ];
    for (const [body, field] of cases) {
      const bad = await admin.patch(`/acme/api/v1/users/${id}`, body);
      expect({ body, status: bad.status }).toEqual({ body, status: 400 });
      expect(bad.body.message).toContain(field);
    }
    expect((await admin.get(`/acme/api/v1/users/${id}`)).body).toMatchObject({ loginId: 'patch.me', type: 'Local', locked: false });
  });

  it('refuses a password for a SAML2 user on PATCH (400)', async () => {
    const created = await admin.post('/acme/api/v1/users', { loginId: 'saml.patch@corp.example.com', type: 'SAML2' }).expect(201);
    const res = await admin.patch(`/acme/api/v1/users/${created.body.id}`, { password: LOCAL_PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('password');
  });

  it('refuses to lock or deactivate the last Administrator (409)', async () => {
    const me = await admin.get('/acme/api/v1/me').expect(200);
    expect((await admin.patch(`/acme/api/v1/users/${me.body.id}`, { locked: true })).status).toBe(409);
    expect((await admin.patch(`/acme/api/v1/users/${me.body.id}`, { deactivated: true })).status).toBe(409);
    await admin.get('/acme/api/v1/me').expect(200);
  });

  it('refuses to lock the last Administrator able to sign in, when the other one is SAML2 and SAML2 is off (409)', async () => {
    const me = (await admin.get('/acme/api/v1/me').expect(200)).body.id;
    const samlId = (await admin.post('/acme/api/v1/users', { loginId: 'saml.admin@corp.example.com', type: 'SAML2' }).expect(201)).body.id;
    const groups = (await admin.get('/acme/api/v1/workgroups').expect(200)).body;
    const administrators = groups.find((g: { name: string }) => g.name === 'Administrators');
    await admin.put(`/acme/api/v1/workgroups/${administrators.id}`, { name: 'Administrators', roles: {}, members: [me, samlId] }).expect(200);
    expect((await admin.patch(`/acme/api/v1/users/${me}`, { locked: true })).status).toBe(409);
    expect((await admin.patch(`/acme/api/v1/users/${me}`, { deactivated: true })).status).toBe(409);
    await admin.get('/acme/api/v1/me').expect(200);
    await admin.put(`/acme/api/v1/workgroups/${administrators.id}`, { name: 'Administrators', roles: {}, members: [me] }).expect(200);
  });

  describe('permissions', () => {
    it('needs Security/Security: a user without it gets 403 on every /users route', async () => {
      const id = await createUserWithRoles(admin, 'acme', 'plain.user', ['Data/Read', 'Data/Write', 'Security/API Key']);
      const plain = await signIn(t, 'acme', 'plain.user', USER_PASSWORD);
      for (const res of [
        await plain.get('/acme/api/v1/users'),
        await plain.get(`/acme/api/v1/users/${id}`),
        await plain.post('/acme/api/v1/users', { loginId: 'sneaky', type: 'SAML2' }),
        await plain.patch(`/acme/api/v1/users/${id}`, { displayName: 'Self-made' }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.message).toContain('Security/Security');
      }
      await request(t.url).get('/acme/api/v1/users').expect(401);
    });

    it("a Security/Security holder manages users but cannot change an Administrator's account (403)", async () => {
      await createUserWithRoles(admin, 'acme', 'sec.admin', ['Security/Security']);
      const sec = await signIn(t, 'acme', 'sec.admin', USER_PASSWORD);
      const created = await sec.post('/acme/api/v1/users', { loginId: 'made.by.sec', type: 'Local', password: LOCAL_PASSWORD });
      expect(created.status).toBe(201);
      await sec.patch(`/acme/api/v1/users/${created.body.id}`, { locked: true }).expect(200);
      await sec.get('/acme/api/v1/users').expect(200);

      const adminId = (await admin.get('/acme/api/v1/me')).body.id;
      const res = await sec.patch(`/acme/api/v1/users/${adminId}`, { password: 'hijacked-password-1' });
      expect(res.status).toBe(403);
      await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    });

    it('members of the default SecurityAdministrators workgroup hold Security/Security', async () => {
      const id = (await admin.post('/acme/api/v1/users', { loginId: 'secadm', type: 'Local', password: LOCAL_PASSWORD }).expect(201)).body.id;
      const groups = await admin.get('/acme/api/v1/workgroups').expect(200);
      const secAdmins = groups.body.find((g: { name: string }) => g.name === 'SecurityAdministrators');
      await admin.put(`/acme/api/v1/workgroups/${secAdmins.id}`, { name: 'SecurityAdministrators', members: [id], roles: secAdmins.roles }).expect(200);
      const user = await signIn(t, 'acme', 'secadm', LOCAL_PASSWORD);
      expect((await user.get('/acme/api/v1/me')).body.roles).toEqual(['Security/Security']);
      await user.get('/acme/api/v1/users').expect(200);
    });
  });

  it('answers 404 for an unknown tenant', async () => {
    await admin.get('/nowhere/api/v1/users').expect(404);
    await admin.post('/nowhere/api/v1/users', { loginId: 'x', type: 'SAML2' }).expect(404);
  });

  it('never writes a password to the logs', () => {
    const all = t.logs.join('\n');
    for (const secret of [ADMIN_PASSWORD, TENANT_ADMIN_PASSWORD, USER_PASSWORD, LOCAL_PASSWORD, 'twelvechars!', 'hijacked-password-1'])
      expect(all).not.toContain(secret);
  });
});
