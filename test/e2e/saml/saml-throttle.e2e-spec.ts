// SPEC 5 "Throttling": a refused SAML response is a failed credential like a wrong password,
// so one address cannot post forged responses to the assertion consumer without limit.
import { requestFrom } from '../../support/api';
import { TestIdp } from '../../support/saml-idp';
import { createSamlTenant, PUBLIC_URL } from '../../support/saml-setup';
import { startTestApp, TestApp } from '../../support/test-app';

describe('SAML assertion consumer throttling', () => {
  let t: TestApp;
  let idp: TestIdp;

  beforeAll(async () => {
    idp = new TestIdp();
    t = await startTestApp({ PUBLIC_URL });
    await createSamlTenant(t, idp, 'acme');
  });
  afterAll(async () => {
    await t.close();
    idp.close();
  });

  const forged = (from: string) =>
    requestFrom(t, from, '/acme/auth/saml/acs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: `SAMLResponse=${encodeURIComponent(Buffer.from('<samlp:Response>forged</samlp:Response>').toString('base64'))}`,
    });

  it('answers 429 with Retry-After once an address has sent too many refused responses, and spares other addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await forged('127.0.0.41')).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    const firstThrottled = statuses.indexOf(429);
    expect(firstThrottled).toBeGreaterThanOrEqual(10);
    expect(firstThrottled).toBeLessThan(30);
    const throttled = await forged('127.0.0.41');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await forged('127.0.0.42')).status).toBe(401);
  });
});
