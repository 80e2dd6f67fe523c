// Issue 3, SPEC 4 checks (6) and (8): keys of SAML2 accounts work on OData only, and
// disabling a login method suspends the keys of accounts of that type.
import request from 'supertest';
import { SessionsService } from '../../../src/sessions/sessions.service';
import { TenantsService } from '../../../src/tenants/tenants.service';
import { basic, browser, Browser, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const T = 'acme';
const PUBLIC_URL = 'http://ips.test';
const SAML_ONLY_ODATA = 'API keys of SAML2 accounts can only be used for OData';
const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIBszCCARygAwIBAgIJAKZ0dGVzdGNlcnQwDQYJKoZIhvcNAQELBQAwEjEQMA4G\n-----END CERTIFICATE-----';

/** With PUBLIC_URL set, a same-origin write carries PUBLIC_URL's origin. */
function atPublicOrigin(b: Browser): Browser {
  return {
    cookie: b.cookie,
    get: (path) => b.get(path),
    post: (path, body) => b.post(path, body).set('Origin', PUBLIC_URL),
    put: (path, body) => b.put(path, body).set('Origin', PUBLIC_URL),
    patch: (path, body) => b.patch(path, body).set('Origin', PUBLIC_URL),
    delete: (path) => b.delete(path).set('Origin', PUBLIC_URL),
  };
}

describe('API keys of SAML2 accounts and disabled login methods', () => {
  let t: TestApp;
  let admin: Browser;
  let tenantId: number;

  /** A SAML2 user cannot sign in with a password: open its session the way the SAML consumer does. */
  const samlSession = async (userId: number): Promise<Browser> => {
    const token = await t.app.get(SessionsService).start(tenantId, userId);
    return atPublicOrigin(browser(t, `ips_session=${token}`));
  };
  const odata = (key: string) => request(t.url).get(`/${T}/odata/`).set('Authorization', basic('FeedKey', key));
  const me = (key: string) => request(t.url).get(`/${T}/api/v1/me`).set('Authorization', `Bearer ${key}`);

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL });
    await createTenant(t, T);
    tenantId = (await t.app.get(TenantsService).findByName(T))!.id;
    admin = atPublicOrigin(await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD));
    const enabled = await admin.patch(`/${T}/api/v1/settings`, {
      loginMethods: { saml2: true },
      saml: {
        idpEntityId: 'https://idp.example.com',
        idpSsoUrl: 'https://idp.example.com/sso',
        idpCertificate: CERTIFICATE,
        allowedDomains: ['domain.mycompany.com'],
      },
    });
    expect(enabled.status).toBe(200);
    expect(enabled.body.loginMethods).toEqual({ local: true, saml2: true });
  });
  afterAll(() => t.close());

  it('lets a SAML2 user generate a key from its session and use it on OData only', async () => {
    const id = await createUserWithRoles(admin, T, 'first.last@domain.mycompany.com', ['Security/API Key', 'Data/Read'], 'SAML2');
    const session = await samlSession(id);
    expect((await session.get(`/${T}/api/v1/me`).expect(200)).body).toMatchObject({ id, type: 'SAML2' });
    const { key } = (await session.post(`/${T}/api/v1/me/api-key`).expect(201)).body;

    const feed = await odata(key).expect(200);
    expect(feed.headers['odata-version']).toBe('4.0');
    await request(t.url).get(`/${T}/odata/`).set('Authorization', basic('Account Key', key)).expect(200);

    for (const res of [
      await me(key),
      await request(t.url).get(`/${T}/api/v1/me`).set('Authorization', basic('FeedKey', key)),
      await request(t.url).get(`/${T}/api/v1/me/api-key`).set('Authorization', `Bearer ${key}`),
      await request(t.url).delete(`/${T}/api/v1/me/api-key`).set('Authorization', `Bearer ${key}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.message).toBe(SAML_ONLY_ODATA);
    }
    // The refused DELETE did not delete the key.
    await odata(key).expect(200);
  });

  it('(6) disabling SAML2 sign-in suspends SAML2 keys with 403 and ends their sessions; enabling restores the key', async () => {
    const id = await createUserWithRoles(admin, T, 'second.user@domain.mycompany.com', ['Security/API Key', 'Data/Read'], 'SAML2');
    const session = await samlSession(id);
    const { key } = (await session.post(`/${T}/api/v1/me/api-key`).expect(201)).body;
    await odata(key).expect(200);

    await admin.patch(`/${T}/api/v1/settings`, { loginMethods: { saml2: false } }).expect(200);
    try {
      const res = await odata(key).expect(403);
      expect(res.body.error.message).toMatch(/SAML2 sign-in is disabled/);
      await session.get(`/${T}/api/v1/me`).expect(401);
    } finally {
      await admin.patch(`/${T}/api/v1/settings`, { loginMethods: { saml2: true } }).expect(200);
    }
    await odata(key).expect(200);
  });

  it('(6) disabling Local sign-in suspends Local keys with 403; enabling restores them', async () => {
    // A SAML2 Administrator keeps the tenant administrable while Local sign-in is off.
    const bossId = (await admin.post(`/${T}/api/v1/users`, { loginId: 'boss@domain.mycompany.com', type: 'SAML2' }).expect(201)).body.id;
    const groups = (await admin.get(`/${T}/api/v1/workgroups`).expect(200)).body;
    const administrators = groups.find((w: { name: string }) => w.name === 'Administrators');
    await admin
      .put(`/${T}/api/v1/workgroups/${administrators.id}`, {
        name: administrators.name,
        roles: administrators.roles,
        members: [...administrators.members, bossId],
      })
      .expect(200);
    const boss = await samlSession(bossId);

    await createUserWithRoles(admin, T, 'local-feeder', ['Security/API Key', 'Data/Read']);
    const local = atPublicOrigin(await signIn(t, T, 'local-feeder', USER_PASSWORD));
    const { key } = (await local.post(`/${T}/api/v1/me/api-key`).expect(201)).body;
    await odata(key).expect(200);
    await me(key).expect(200);

    await boss.patch(`/${T}/api/v1/settings`, { loginMethods: { local: false } }).expect(200);
    try {
      const onOData = await odata(key).expect(403);
      expect(onOData.body.error.message).toMatch(/Local sign-in is disabled/);
      expect((await me(key).expect(403)).body.message).toMatch(/Local sign-in is disabled/);
      // Basic loginId:password of a Local account is refused as well.
      await request(t.url).get(`/${T}/odata/`).set('Authorization', basic('local-feeder', USER_PASSWORD)).expect(403);
    } finally {
      await boss.patch(`/${T}/api/v1/settings`, { loginMethods: { local: true } }).expect(200);
    }
    await odata(key).expect(200);
    await me(key).expect(200);
  });
});
