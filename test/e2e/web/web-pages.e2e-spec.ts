// The website's HTTP side (src/web): the page shell and its headers, the hashed assets, the
// 404 page, compression, Cache-Control on private answers, and the Generate API Key page's
// OData connection facts. The pages themselves are driven in test/browser/.
import request from 'supertest';
import { createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const T = 'webco';

describe('tenant website over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, T);
  });
  afterAll(() => t.close());

  it.each([`/${T}/`, `/${T}`, `/${T.toUpperCase()}/`, `/${T}/PlanningSpace/`, `/${T}/PlanningSpace`])(
    'serves the page shell at %s with a strict CSP and no-cache',
    async (path) => {
      const res = await request(t.url).get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      // No inline script: every <script> has a src under the assets path.
      const scripts = [...res.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toMatch(/ src="\/api\/web\/assets\/[^"]+"/);
    },
  );

  it("answers the server's own address with a page that points to the tenant websites and the docs", async () => {
    const res = await request(t.url).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.text).toContain('href="/api/docs"');
  });

  it('answers an unknown tenant with a 404 HTML page', async () => {
    const res = await request(t.url).get('/no-such-tenant/');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('Tenant not found');
    expect((await request(t.url).get('/no-such-tenant/PlanningSpace/')).status).toBe(404);
  });

  it('serves the hashed assets compressed, with a year of immutable caching', async () => {
    const shell = (await request(t.url).get(`/${T}/`)).text;
    const assets = [...shell.matchAll(/(?:src|href)="(\/api\/web\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      expect(asset).toMatch(/-[A-Za-z0-9_-]{8}\.(js|css)$/);
      for (const encoding of ['br', 'gzip']) {
        const res = await request(t.url)
          .get(asset)
          .set('Accept-Encoding', encoding)
          .buffer(true)
          .parse((r, cb) => {
            let n = 0;
            r.on('data', (c: Buffer) => (n += c.length));
            r.on('end', () => cb(null, n));
          });
        expect({ asset, status: res.status, encoding: res.headers['content-encoding'] }).toEqual({ asset, status: 200, encoding });
        expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      }
    }
    expect((await request(t.url).get('/api/web/assets/missing-00000000.js')).status).toBe(404);
  });

  it('compresses JSON answers for clients that ask', async () => {
    const res = await request(t.url).get('/api/docs-json').set('Accept-Encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body.openapi).toMatch(/^3\./);
  });

  it('marks authenticated JSON answers and the sign-in answer no-store, public ones not', async () => {
    const login = await request(t.url).post(`/${T}/auth/login`).send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    for (const path of ['/api/v1/me', '/api/v1/users', '/api/v1/settings', '/api/v1/odata-connection']) {
      const res = await admin.get(`/${T}${path}`);
      expect({ path, status: res.status, cache: res.headers['cache-control'] }).toEqual({ path, status: 200, cache: 'no-store' });
    }
    const pub = await request(t.url).get(`/${T}/api/v1/tenant-info`);
    expect(pub.status).toBe(200);
    expect(pub.headers['cache-control']).toBeUndefined();
  });

  it('answers a failed sign-in with 401 and no Basic challenge, so a browser shows no login dialog', async () => {
    const res = await request(t.url).post(`/${T}/auth/login`).set('Origin', t.url).send({ loginId: 'Administrator', password: 'wrong-password-123' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.body.message).toBe('Invalid or missing credentials');
  });

  it('tells the Generate API Key page the feed URL and the allowed key names (session only)', async () => {
    const admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    const res = await admin.get(`/${T}/api/v1/odata-connection`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ serviceRoot: `${t.url}/${T}/odata/`, userNames: ['FeedKey', 'Account Key'] });
    expect((await request(t.url).get(`/${T}/api/v1/odata-connection`)).status).toBe(401);
  });

  it('makes a user change a password an administrator set with mustChangePassword, and only then', async () => {
    const admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    const created = await admin.post(`/${T}/api/v1/users`, { loginId: 'handed', type: 'Local', password: USER_PASSWORD, mustChangePassword: true });
    expect(created.status).toBe(201);
    const handed = await signIn(t, T, 'handed', USER_PASSWORD);
    expect((await handed.get(`/${T}/api/v1/me`)).body.mustChangePassword).toBe(true);
    expect((await handed.get(`/${T}/api/v1/roles`)).status).toBe(403);

    const plainId = await createUserWithRoles(admin, T, 'plain', []);
    expect((await (await signIn(t, T, 'plain', USER_PASSWORD)).get(`/${T}/api/v1/me`)).body.mustChangePassword).toBe(false);
    expect((await admin.patch(`/${T}/api/v1/users/${plainId}`, { password: 'reset-by-admin-123', mustChangePassword: true })).status).toBe(200);
    expect((await (await signIn(t, T, 'plain', 'reset-by-admin-123')).get(`/${T}/api/v1/me`)).body.mustChangePassword).toBe(true);
    expect((await admin.post(`/${T}/api/v1/users`, { loginId: 'bad', type: 'Local', password: USER_PASSWORD, mustChangePassword: 'yes' })).status).toBe(400);
  });
});
