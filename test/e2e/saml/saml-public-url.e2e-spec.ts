// Issue 9: SAML2 entity IDs and callbacks come from PUBLIC_URL only; without it there is no
// SP to describe, and SAML2 cannot be enabled.
import request from 'supertest';
import { createTenant, signIn, TENANT_ADMIN_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

describe('SAML2 without PUBLIC_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
  });
  afterAll(() => t.close());

  it('serves no SP metadata or endpoints (409), never ones made from the Host header, and cannot be enabled', async () => {
    const metadata = await request(t.url).get('/acme/auth/saml/metadata').set('Host', 'evil.example');
    expect(metadata.status).toBe(409);
    expect(metadata.text).not.toContain('evil.example');
    const admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    expect((await admin.get('/acme/api/v1/settings/saml/service-provider')).status).toBe(409);
    expect((await admin.patch('/acme/api/v1/settings', { loginMethods: { saml2: true } })).status).toBe(409);
    expect((await request(t.url).get('/acme/auth/saml/login')).status).toBe(403);
    expect((await request(t.url).get('/nosuch/auth/saml/metadata')).status).toBe(404);
  });
});
