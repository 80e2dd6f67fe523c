// Issue 9 in the browser: "Sign in with SSO" on the sign-in page, a test identity provider's
// page that posts the signed response (signed by xmlsec1), then PlanningSpace Web and a key
// that works on OData only. PUBLIC_URL is the very address the browser uses, so the pages'
// same-origin writes and the SAML endpoints agree.
import { inflateRawSync } from 'node:zlib';
import { Browser } from 'playwright-core';
import request from 'supertest';
import { escapeHtml } from '../../src/core/http/escape-html';
import { IDP_ENTITY_ID, IDP_SSO_URL, TestIdp } from '../support/saml-idp';
import { TestApp } from '../support/test-app';
import { BrowserTest, DESKTOP, odataStatus, screenshot, startBrowserTest, watchProblems } from '../support/browser';

const T = 'acme';
const USER = 'first.last@domain.mycompany.com';

describe('SAML2 single sign-on in the browser', () => {
  let setup: BrowserTest;
  let t: TestApp;
  let chromium: Browser;
  let idp: TestIdp;
  let publicUrl: string;

  beforeAll(async () => {
    setup = await startBrowserTest(T, { publicUrl: true });
    ({ t, browser: chromium, publicUrl } = setup);
    idp = new TestIdp();
    const admin = setup.admin;
    const settings = await admin.patch(`/${T}/api/v1/settings`, {
      previewWebFeatures: true,
      loginMethods: { saml2: true },
      saml: { idpEntityId: IDP_ENTITY_ID, idpSsoUrl: IDP_SSO_URL, idpCertificate: idp.keyPair('idp').cert, allowedDomains: ['domain.mycompany.com'] },
    });
    expect(settings.status).toBe(200);
    const user = await admin.post(`/${T}/api/v1/users`, { loginId: USER, type: 'SAML2', displayName: 'First Last' });
    expect(user.status).toBe(201);
    const group = await admin.post(`/${T}/api/v1/workgroups`, {
      name: 'Analysts',
      members: [user.body.id],
      roles: { 'Security/API Key': 'Allowed', 'Data/Read': 'Allowed' },
    });
    expect(group.status).toBe(201);
  });
  afterAll(async () => {
    await setup?.close();
    idp?.close();
  });

  it('signs in at the identity provider, opens PlanningSpace Web and creates a key that works on OData only', async () => {
    const context = await chromium.newContext({ viewport: DESKTOP, baseURL: publicUrl });
    // The identity provider: a page with the signed response in a form that posts to our ACS.
    await context.route(`${new URL(IDP_SSO_URL).origin}/**`, async (route) => {
      const url = new URL(route.request().url());
      const authnRequest = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
      const requestId = /\sID="([^"]+)"/.exec(authnRequest)?.[1] ?? null;
      const acs = `${publicUrl}/${T}/auth/saml/acs`;
      const response = idp.signedResponse({ inResponseTo: requestId, nameId: USER, audience: `${publicUrl}/${T}/auth/saml/metadata`, acsUrl: acs });
      const relay = url.searchParams.get('RelayState');
      const body =
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP</title></head><body><main><h1>Test identity provider</h1>' +
        `<form method="post" action="${escapeHtml(acs)}"><input type="hidden" name="SAMLResponse" value="${Buffer.from(response).toString('base64')}">` +
        (relay ? `<input type="hidden" name="RelayState" value="${escapeHtml(relay)}">` : '') +
        '<button type="submit">Continue</button></form></main></body></html>';
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
    });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`/${T}/`);
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.getByRole('heading', { name: 'Test identity provider' }).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('button', { name: 'PlanningSpace Web' }).click();
    await page.waitForURL(`**/${T}/PlanningSpace/`);
    await page.getByRole('button', { name: /First Last/ }).click();
    await page.getByRole('menuitem', { name: 'Generate API Key' }).click();
    await page.getByRole('button', { name: 'Create key' }).click();
    const field = page.getByLabel('API key', { exact: true });
    await field.waitFor();
    const key = await field.inputValue();
    expect(key).toMatch(/^psk_/);
    await screenshot(page, 'saml-sso-generate-api-key');

    expect(await odataStatus(t, T, key)).toBe(200);
    const me = await request(t.url).get(`/${T}/api/v1/me`).set('Authorization', `Bearer ${key}`);
    expect(me.status).toBe(403);
    expect(me.body.message).toBe('API keys of SAML2 accounts can only be used for OData');
    expect(problems).toEqual([]);
    await context.close();
  });
});
