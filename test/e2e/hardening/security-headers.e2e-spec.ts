// helmet's security headers on every kind of answer: public, authenticated, refused, unknown
// path, OData and a static asset. They are worked out once at start-up (src/core/http/security-headers.ts).
import request from 'supertest';
import { createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const HELMET_DEFAULTS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

describe('security headers', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
    const admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    await createUserWithRoles(admin, 'acme', 'feeder', ['Security/API Key', 'Data/Read']);
    const feeder = await signIn(t, 'acme', 'feeder', USER_PASSWORD);
    key = (await feeder.post('/acme/api/v1/me/api-key').expect(201)).body.key;
  });
  afterAll(() => t.close());

  it('go with public, authenticated, refused, unknown and OData answers, without X-Powered-By or HSTS over http', async () => {
    const answers = [
      await request(t.url).get('/health/live').expect(200),
      await request(t.url).get('/acme/api/v1/me').set('Authorization', `Bearer ${key}`).expect(200),
      await request(t.url).get('/acme/api/v1/me').set('Authorization', 'Bearer psk_wrong').expect(401),
      await request(t.url).get('/no/such/path').expect(404),
      await request(t.url).get('/acme/odata/').auth('FeedKey', key).expect(200),
    ];
    for (const answer of answers) {
      expect(answer.headers).toMatchObject(HELMET_DEFAULTS);
      expect(answer.headers['x-powered-by']).toBeUndefined();
      expect(answer.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('include Strict-Transport-Security when PUBLIC_URL is https', async () => {
    const https = await startTestApp({ PUBLIC_URL: 'https://ips.example.com' });
    try {
      const answer = await request(https.url).get('/health/live').expect(200);
      expect(answer.headers).toMatchObject(HELMET_DEFAULTS);
      expect(answer.headers['strict-transport-security']).toMatch(/^max-age=\d+; includeSubDomains$/);
    } finally {
      await https.close();
    }
  });
});
