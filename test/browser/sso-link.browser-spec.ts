// The sign-in page offers "Sign in with SSO" (to /{tenant}/auth/saml/login) exactly when the
// tenant has SAML2 sign-in on.
import { Browser } from 'playwright-core';
import { TestApp } from '../support/test-app';
import { BrowserTest, newContext, screenshot, startBrowserTest } from '../support/browser';

const T = 'sso';
const PUBLIC_URL = 'http://ips.test';
const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIBszCCARygAwIBAgIJAKZ0dGVzdGNlcnQwDQYJKoZIhvcNAQELBQAwEjEQMA4G\n-----END CERTIFICATE-----';

describe('Sign in with SSO (browser)', () => {
  let setup: BrowserTest;
  let t: TestApp;
  let chromium: Browser;

  beforeAll(async () => {
    // SAML2 needs PUBLIC_URL; the page itself is opened at the test server's own address.
    setup = await startBrowserTest(T, { env: { PUBLIC_URL } });
    ({ t, browser: chromium } = setup);
  });
  afterAll(() => setup?.close());

  it('shows the SSO link only with SAML2 on, pointing to the AuthnRequest route', async () => {
    const page = await (await newContext(chromium, t)).newPage();
    await page.goto(`/${T}/`);
    await page.getByLabel('Login ID').waitFor();
    expect(await page.getByRole('link', { name: 'Sign in with SSO' }).count()).toBe(0);

    const admin = setup.admin;
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
    await page.reload();
    const link = page.getByRole('link', { name: 'Sign in with SSO' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/${T}/auth/saml/login`);
    expect(await page.getByLabel('Login ID').count()).toBe(1);
    await screenshot(page, 'sso-link');
    await page.context().close();
  });
});
