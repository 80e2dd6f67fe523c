// Workgroups and roles (SPEC 3 "Roles", "Workgroups", SPEC 5 /workgroups and /roles),
// including role resolution end-to-end as /me reports it.
import request from 'supertest';
import { Browser, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { ADMIN_PASSWORD, startTestApp, TestApp } from '../../support/test-app';

interface Workgroup {
  id: number;
  name: string;
  members: number[];
  roles: Record<string, string>;
}

const ALL_ROLES = ['Security/Security', 'Security/API Key', 'Data/Read', 'Data/Write'];

describe('workgroups and roles', () => {
  let t: TestApp;
  let admin: Browser;
  let adminId: number;

  const groups = async (): Promise<Workgroup[]> => (await admin.get('/acme/api/v1/workgroups').expect(200)).body;
  const builtIn = async (name: string): Promise<Workgroup> => (await groups()).find((g) => g.name === name)!;
  const put = (b: Browser, g: Workgroup, changes: Partial<Workgroup>) =>
    b.put(`/acme/api/v1/workgroups/${g.id}`, { name: g.name, members: g.members, roles: g.roles, ...changes });
  const rolesOf = async (b: Browser): Promise<string[]> => (await b.get('/acme/api/v1/me').expect(200)).body.roles;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
    await createTenant(t, 'other');
    admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    adminId = (await admin.get('/acme/api/v1/me')).body.id;
  });
  afterAll(() => t.close());

  it('GET /roles lists the four fixed roles with descriptions', async () => {
    const res = await admin.get('/acme/api/v1/roles').expect(200);
    expect(res.body.map((r: { name: string }) => r.name)).toEqual(ALL_ROLES);
    for (const role of res.body) expect(typeof role.description).toBe('string');
    // Any signed-in user may read the catalogue; nobody anonymous.
    await createUserWithRoles(admin, 'acme', 'role.reader', []);
    const reader = await signIn(t, 'acme', 'role.reader', USER_PASSWORD);
    await reader.get('/acme/api/v1/roles').expect(200);
    await request(t.url).get('/acme/api/v1/roles').expect(401);
    // The catalogue is fixed: no route adds roles.
    expect([404, 405]).toContain((await admin.post('/acme/api/v1/roles', { name: 'Custom/Role', description: 'x' })).status);
  });

  it('creates, reads, replaces and deletes a workgroup', async () => {
    const userA = (await admin.post('/acme/api/v1/users', { loginId: 'member.a', type: 'SAML2' }).expect(201)).body.id;
    const userB = (await admin.post('/acme/api/v1/users', { loginId: 'member.b', type: 'SAML2' }).expect(201)).body.id;
    const created = await admin.post('/acme/api/v1/workgroups', {
      name: 'Planners',
      members: [userB, userA, userA],
      roles: { 'Data/Read': 'Allowed', 'Data/Write': 'Denied' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      name: 'Planners',
      members: [userA, userB],
      roles: { 'Data/Read': 'Allowed', 'Data/Write': 'Denied' },
    });
    const id = created.body.id;
    expect((await admin.get(`/acme/api/v1/workgroups/${id}`).expect(200)).body).toMatchObject({ id, name: 'Planners', members: [userA, userB] });
    expect((await admin.get(`/acme/api/v1/users/${userA}`)).body.workgroups).toEqual(['Everyone', 'Planners']);

    // PUT replaces the whole workgroup: roles and members left out are gone.
    const replaced = await admin.put(`/acme/api/v1/workgroups/${id}`, { name: 'Analysts', members: [userB], roles: { 'Security/API Key': 'Allowed' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id, name: 'Analysts', members: [userB], roles: { 'Security/API Key': 'Allowed' } });
    const read = (await admin.get(`/acme/api/v1/workgroups/${id}`).expect(200)).body;
    expect(read.roles).toEqual({ 'Security/API Key': 'Allowed' });
    expect(read.members).toEqual([userB]);
    expect((await admin.get(`/acme/api/v1/users/${userA}`)).body.workgroups).toEqual(['Everyone']);

    await admin.delete(`/acme/api/v1/workgroups/${id}`).expect(204);
    await admin.get(`/acme/api/v1/workgroups/${id}`).expect(404);
    await admin.delete(`/acme/api/v1/workgroups/${id}`).expect(404);
    expect((await admin.get(`/acme/api/v1/users/${userB}`)).body.workgroups).toEqual(['Everyone']);
  });

  it('refuses a duplicate workgroup name case-insensitively (409)', async () => {
    await admin.post('/acme/api/v1/workgroups', { name: 'Finance', members: [], roles: {} }).expect(201);
    expect((await admin.post('/acme/api/v1/workgroups', { name: 'FINANCE', members: [], roles: {} })).status).toBe(409);
    expect((await admin.post('/acme/api/v1/workgroups', { name: 'everyone', members: [], roles: {} })).status).toBe(409);
  });

  it('validates the body: unknown role, bad setting, unknown fields, wrong types (400 naming the field)', async () => {
    const cases: [object, string][] = [
      [{ name: 'Bad1', members: [], roles: { 'Data/Delete': 'Allowed' } }, 'Data/Delete'],
      [{ name: 'Bad2', members: [], roles: { 'Data/Read': 'Maybe' } }, 'Data/Read'],
      [{ name: 'Bad3', members: [], roles: {}, colour: 'red' }, 'colour'],
      [{ name: 'Bad4', members: ['1'], roles: {} }, 'members'],
      [{ name: 'Bad5', members: 1, roles: {} }, 'members'],
      [{ name: 'Bad6', members: [], roles: 'Data/Read' }, 'roles'],
      [{ name: '', members: [], roles: {} }, 'name'],
      [{ members: [], roles: {} }, 'name'],
      [{ name: 'Bad9', members: [999999], roles: {} }, 'members'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/acme/api/v1/workgroups', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.message).toContain(field);
    }
    expect((await groups()).map((g) => g.name)).not.toEqual(expect.arrayContaining(['Bad1']));
    const g = (await admin.post('/acme/api/v1/workgroups', { name: 'Valid', members: [], roles: {} }).expect(201)).body;
    expect((await admin.put(`/acme/api/v1/workgroups/${g.id}`, { name: 'Valid', members: [], roles: { Admin: 'Allowed' } })).status).toBe(400);
    expect((await admin.get('/acme/api/v1/workgroups/abc')).status).toBe(400);
    expect((await admin.get('/acme/api/v1/workgroups/999999')).status).toBe(404);
    expect((await admin.put('/acme/api/v1/workgroups/999999', { name: 'x', members: [], roles: {} })).status).toBe(404);
  });

  it('refuses a member from another tenant (400)', async () => {
    const otherAdmin = await signIn(t, 'other', 'Administrator', TENANT_ADMIN_PASSWORD);
    const foreignId = (await otherAdmin.post('/other/api/v1/users', { loginId: 'foreigner', type: 'SAML2' }).expect(201)).body.id;
    const res = await admin.post('/acme/api/v1/workgroups', { name: 'Mixed', members: [foreignId], roles: {} });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('members');
    const administrators = await builtIn('Administrators');
    expect((await put(admin, administrators, { members: [...administrators.members, foreignId] })).status).toBe(400);
    expect((await builtIn('Administrators')).members).toEqual([adminId]);
  });

  it('does not delete Administrators or Everyone', async () => {
    for (const name of ['Administrators', 'Everyone']) {
      const g = await builtIn(name);
      const res = await admin.delete(`/acme/api/v1/workgroups/${g.id}`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      await admin.get(`/acme/api/v1/workgroups/${g.id}`).expect(200);
    }
  });

  it("Everyone's membership is implicit: every user is a member, whatever PUT says", async () => {
    const newUser = (await admin.post('/acme/api/v1/users', { loginId: 'implicit.member', type: 'SAML2' }).expect(201)).body.id;
    const everyone = await builtIn('Everyone');
    expect(everyone.members).toContain(newUser);
    expect(everyone.members).toContain(adminId);
    const res = await put(admin, everyone, { members: [] });
    expect(res.status).toBe(200);
    const after = await builtIn('Everyone');
    expect(after.members).toContain(newUser);
    expect(after.members).toContain(adminId);
    expect((await admin.get(`/acme/api/v1/users/${newUser}`)).body.workgroups).toContain('Everyone');
  });

  it('the last member of Administrators cannot be removed (409)', async () => {
    const administrators = await builtIn('Administrators');
    const res = await put(admin, administrators, { members: [] });
    expect(res.status).toBe(409);
    expect((await builtIn('Administrators')).members).toEqual([adminId]);
    await admin.get('/acme/api/v1/users').expect(200);
  });

  it('Administrators cannot be left with only members who cannot sign in (409)', async () => {
    const lockedId = (await admin.post('/acme/api/v1/users', { loginId: 'locked.admin', type: 'Local', password: 'locked-admin-password-1' }).expect(201)).body
      .id;
    await admin.patch(`/acme/api/v1/users/${lockedId}`, { locked: true }).expect(200);
    const samlId = (await admin.post('/acme/api/v1/users', { loginId: 'saml.admin@corp.example.com', type: 'SAML2' }).expect(201)).body.id;
    const administrators = await builtIn('Administrators');
    // A locked account, or a SAML2 account while SAML2 sign-in is off, cannot sign in.
    expect((await put(admin, administrators, { members: [lockedId] })).status).toBe(409);
    expect((await put(admin, administrators, { members: [samlId] })).status).toBe(409);
    expect((await builtIn('Administrators')).members).toEqual([adminId]);
    await admin.get('/acme/api/v1/users').expect(200);
  });

  it('a Security/Security holder manages workgroups but cannot change Administrators (403)', async () => {
    const secId = await createUserWithRoles(admin, 'acme', 'sec.holder', ['Security/Security']);
    const sec = await signIn(t, 'acme', 'sec.holder', USER_PASSWORD);
    const own = await sec.post('/acme/api/v1/workgroups', { name: 'Made by security', members: [secId], roles: { 'Data/Read': 'Allowed' } });
    expect(own.status).toBe(201);
    await sec.put(`/acme/api/v1/workgroups/${own.body.id}`, { name: 'Made by security', members: [], roles: {} }).expect(200);
    await sec.delete(`/acme/api/v1/workgroups/${own.body.id}`).expect(204);

    const administrators = await builtIn('Administrators');
    const promote = await put(sec, administrators, { members: [...administrators.members, secId] });
    expect(promote.status).toBe(403);
    expect((await builtIn('Administrators')).members).toEqual([adminId]);
    expect(await rolesOf(sec)).toEqual(['Security/Security']);
    const res = await sec.delete(`/acme/api/v1/workgroups/${administrators.id}`);
    expect([403, 409]).toContain(res.status);
  });

  it('a user without Security/Security gets 403 on /workgroups', async () => {
    await createUserWithRoles(admin, 'acme', 'no.security', ['Data/Read']);
    const user = await signIn(t, 'acme', 'no.security', USER_PASSWORD);
    const res = await user.get('/acme/api/v1/workgroups');
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('Security/Security');
    expect((await user.post('/acme/api/v1/workgroups', { name: 'Self-service', members: [], roles: { 'Security/Security': 'Allowed' } })).status).toBe(403);
  });

  describe('role resolution', () => {
    it('Denied in one workgroup wins over Allowed in another', async () => {
      const id = await createUserWithRoles(admin, 'acme', 'two.groups', ['Data/Read', 'Data/Write']);
      const user = await signIn(t, 'acme', 'two.groups', USER_PASSWORD);
      expect(await rolesOf(user)).toEqual(['Data/Read', 'Data/Write']);
      await admin.post('/acme/api/v1/workgroups', { name: 'No reading', members: [id], roles: { 'Data/Read': 'Denied' } }).expect(201);
      // Takes effect on the very next request, in the same session.
      expect(await rolesOf(user)).toEqual(['Data/Write']);
    });

    it("Everyone's Allowed applies to every user, and an Administrator keeps all roles even if Everyone denies", async () => {
      await createUserWithRoles(admin, 'acme', 'nobody.special', []);
      const user = await signIn(t, 'acme', 'nobody.special', USER_PASSWORD);
      expect(await rolesOf(user)).toEqual([]);
      const everyone = await builtIn('Everyone');
      await put(admin, everyone, { roles: { 'Data/Read': 'Allowed', 'Security/API Key': 'Allowed' } }).expect(200);
      expect(await rolesOf(user)).toEqual(['Security/API Key', 'Data/Read']);

      await put(admin, everyone, {
        roles: { 'Security/Security': 'Denied', 'Security/API Key': 'Denied', 'Data/Read': 'Denied', 'Data/Write': 'Denied' },
      }).expect(200);
      expect(await rolesOf(user)).toEqual([]);
      expect(await rolesOf(admin)).toEqual(ALL_ROLES);
      await admin.get('/acme/api/v1/users').expect(200);
      // A Security/Security holder outside Administrators loses it to Everyone's Denied.
      const sec = await signIn(t, 'acme', 'sec.holder', USER_PASSWORD);
      expect(await rolesOf(sec)).toEqual([]);
      await sec.get('/acme/api/v1/users').expect(403);
      await put(admin, everyone, { roles: {} }).expect(200);
      expect(await rolesOf(sec)).toEqual(['Security/Security']);
    });
  });

  it('answers 404 for an unknown tenant', async () => {
    await admin.get('/nowhere/api/v1/workgroups').expect(404);
    await admin.get('/nowhere/api/v1/roles').expect(404);
  });

  it('never writes a password to the logs', () => {
    const all = t.logs.join('\n');
    for (const secret of [ADMIN_PASSWORD, TENANT_ADMIN_PASSWORD, USER_PASSWORD]) expect(all).not.toContain(secret);
  });
});
