import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { adminAuth, createTenant, signIn, TENANT_ADMIN_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

describe('foundation smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
  });
  afterAll(() => t.close());

  it('answers health checks, readiness with the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    await request(t.url).get('/health').expect(200, { status: 'ok', version });
    await request(t.url).get('/health/live').expect(200, { status: 'ok' });
  });

  it('lets the tenant Administrator sign in and read /me with every role', async () => {
    const admin = await signIn(t, 'acme', 'administrator', TENANT_ADMIN_PASSWORD);
    const me = await admin.get('/acme/api/v1/me').expect(200);
    expect(me.body).toMatchObject({ loginId: 'Administrator', type: 'Local', roles: ['Security/Security', 'Security/API Key', 'Data/Read', 'Data/Write'] });
  });

  it('lists tenants for the IPS Administrator only', async () => {
    const res = await request(t.url).get('/admin/api/tenants').set('Authorization', adminAuth()).expect(200);
    expect(res.body.map((x: { name: string }) => x.name)).toEqual(['acme']);
    await request(t.url).get('/admin/api/tenants').expect(401);
  });
});
