// Issue 9 on the tenant settings page: the SP addresses to hand to the identity provider
// (PUBLIC_URL is this very server, its port picked first), the IdP metadata import filling the
// SAML fields (two signing certificates: a rollover), the server's 400 beside the textarea, axe
// at both viewports; and, on a server without PUBLIC_URL, the page saying SAML2 needs it.
import { Browser, Page } from 'playwright-core';
import { TENANT_ADMIN_PASSWORD } from '../support/api';
import { TestIdp } from '../support/saml-idp';
import { TestApp } from '../support/test-app';
import {
  DESKTOP,
  fitsWidth,
  launchBrowser,
  PHONE,
  screenshot,
  seriousViolations,
  signedInPage,
  startTenantServer,
  tabTo,
  TenantServer,
} from '../support/browser';

const T = 'samlcfg';
const ENTITY = 'https://login.example.test/entity';
const SSO = 'https://login.example.test/saml2';

/** The base64 body of each PEM block in a field, in order. */
const pemBodies = (text: string) =>
  (text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((b) => b.replace(/-----[A-Z ]+-----|\s/g, ''));

async function openSettings(browser: Browser, t: TestApp, viewport = DESKTOP): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await signedInPage(browser, t, T, 'Administrator', TENANT_ADMIN_PASSWORD, `/${T}/#/settings`, viewport);
  await page.getByRole('button', { name: 'Save settings' }).waitFor();
  return { page, problems };
}

describe('SAML2 on the tenant settings page (browser)', () => {
  let browser: Browser;
  let idp: TestIdp;

  beforeAll(async () => {
    browser = await launchBrowser();
    idp = new TestIdp();
  });
  afterAll(async () => {
    await browser?.close();
    idp?.close();
  });

  describe('with PUBLIC_URL', () => {
    let server: TenantServer;
    let t: TestApp;
    let publicUrl: string;

    beforeAll(async () => {
      server = await startTenantServer(T, { publicUrl: true });
      ({ t, publicUrl } = server);
    });
    afterAll(() => server?.close());

    it('shows the entity ID, ACS URL and metadata URL as read-only, copyable text', async () => {
      const { page, problems } = await openSettings(browser, t);
      const block = page.getByRole('group', { name: 'Service provider (give these to your identity provider)' });
      const entityId = block.getByLabel('SP entity ID', { exact: true });
      const acs = block.getByLabel('Assertion consumer service (ACS) URL', { exact: true });
      const metadata = block.getByLabel('SP metadata URL', { exact: true });
      await entityId.waitFor();
      expect(await entityId.inputValue()).toBe(`${publicUrl}/${T}/auth/saml/metadata`);
      expect(await acs.inputValue()).toBe(`${publicUrl}/${T}/auth/saml/acs`);
      expect(await metadata.inputValue()).toBe(`${publicUrl}/${T}/auth/saml/metadata`);
      for (const field of [entityId, acs, metadata]) expect(await field.getAttribute('readonly')).not.toBeNull();

      // Copy by keyboard: Tab to the ACS URL's Copy button and press Enter.
      await page.getByLabel('SP entity ID', { exact: true }).focus();
      await tabTo(page, /^Copy Assertion consumer service \(ACS\) URL$/);
      await page.keyboard.press('Enter');
      await page.getByText('Assertion consumer service (ACS) URL copied to the clipboard.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${publicUrl}/${T}/auth/saml/acs`);

      // What the page shows is what the server serves at the metadata URL.
      const served = await fetch(`${publicUrl}/${T}/auth/saml/metadata`);
      expect(served.status).toBe(200);
      expect(await served.text()).toContain(`entityID="${publicUrl}/${T}/auth/saml/metadata"`);
      expect(problems).toEqual([]);
      await page.context().close();
    });

    it('imports IdP metadata: entity ID, SSO URL and both rollover certificates fill the form', async () => {
      const { page, problems } = await openSettings(browser, t);
      const xml = idp.metadataXml(['idp', 'next'], SSO, ENTITY);
      const textarea = page.getByLabel('IdP metadata XML');
      await textarea.fill(xml);
      // By keyboard from the textarea: Tab reaches the button, Enter imports.
      await tabTo(page, /^Import metadata$/);
      await page.keyboard.press('Enter');
      await page.getByText(/^Metadata imported and saved/).waitFor();

      expect(await page.getByLabel('Identity provider entity ID').inputValue()).toBe(ENTITY);
      expect(await page.getByLabel('Single sign-on URL').inputValue()).toBe(SSO);
      const certificate = page.getByLabel('Signing certificate (PEM)');
      expect(pemBodies(await certificate.inputValue())).toEqual([idp.certBody('idp'), idp.certBody('next')]);
      const hint = await page.locator(`[id="${await certificate.getAttribute('aria-describedby')}"]`).textContent();
      expect(hint).toMatch(/two one after the other during a certificate rollover/);
      expect(await textarea.inputValue()).toBe('');

      // It is saved: a reload shows the same, and the server has it.
      await page.reload();
      expect(await page.getByLabel('Identity provider entity ID').inputValue()).toBe(ENTITY);
      const admin = server.admin;
      const saved = (await admin.get(`/${T}/api/v1/settings`)).body.saml;
      expect({ idpEntityId: saved.idpEntityId, idpSsoUrl: saved.idpSsoUrl }).toEqual({ idpEntityId: ENTITY, idpSsoUrl: SSO });
      expect(pemBodies(saved.idpCertificate)).toEqual([idp.certBody('idp'), idp.certBody('next')]);
      expect(problems).toEqual([]);
      await screenshot(page, 'settings-saml-imported');
      await page.context().close();
    });

    it("shows the server's 400 beside the textarea for malformed or incomplete metadata, and changes nothing", async () => {
      const { page, problems } = await openSettings(browser, t);
      const entityBefore = await page.getByLabel('Identity provider entity ID').inputValue();
      const textarea = page.getByLabel('IdP metadata XML');
      const cases: [string, string][] = [
        ['<md:EntityDescriptor entityID="x"', 'metadataXml is not well-formed XML'],
        [
          idp.metadataXml(['idp'], SSO, 'https://other.example.test/entity').replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/, ''),
          'metadataXml is missing a signing certificate (KeyDescriptor with an X509Certificate)',
        ],
      ];
      for (const [xml, message] of cases) {
        await textarea.fill(xml);
        await page.getByRole('button', { name: 'Import metadata' }).click();
        await page.getByText(message, { exact: true }).waitFor();
        expect(await textarea.getAttribute('aria-invalid')).toBe('true');
        const describedBy = (await textarea.getAttribute('aria-describedby'))!.split(' ');
        const described = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
        expect(described).toContain(message);
        // The pasted text stays, to be corrected.
        expect(await textarea.inputValue()).toBe(xml);
      }
      expect(await page.getByLabel('Identity provider entity ID').inputValue()).toBe(entityBefore);
      expect(problems).toEqual([]);
      await screenshot(page, 'settings-saml-400');
      await page.context().close();
    });

    for (const [label, viewport] of [
      ['1280x800', DESKTOP],
      ['390x844', PHONE],
    ] as const) {
      it(`has no serious accessibility violation with the SAML blocks at ${label}, and fits the width`, async () => {
        const { page, problems } = await openSettings(browser, t, viewport);
        await page.getByLabel('SP entity ID', { exact: true }).waitFor();
        // With an error beside the textarea too: the state most likely to break.
        await page.getByLabel('IdP metadata XML').fill('not xml');
        await page.getByRole('button', { name: 'Import metadata' }).click();
        await page.getByText('metadataXml is not well-formed XML', { exact: true }).waitFor();
        expect(await seriousViolations(page)).toEqual([]);
        expect(await fitsWidth(page)).toBe(true);
        expect(problems).toEqual([]);
        await screenshot(page, `settings-saml-${label}`);
        await page.context().close();
      });
    }
  });

  describe('without PUBLIC_URL', () => {
    let server: TenantServer;
    let t: TestApp;
    beforeAll(async () => {
      server = await startTenantServer(T);
      t = server.t;
    });
    afterAll(() => server?.close());

    it('says that SAML2 needs PUBLIC_URL on the server instead of the addresses', async () => {
      const { page, problems } = await openSettings(browser, t, PHONE);
      const block = page.getByRole('group', { name: 'Service provider (give these to your identity provider)' });
      await block.getByText(/^SAML2 needs PUBLIC_URL on the server/).waitFor();
      expect(await block.getByRole('textbox').count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });
});
