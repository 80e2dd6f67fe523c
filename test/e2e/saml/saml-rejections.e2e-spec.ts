// Issue 9: every response the ACS must refuse, each signed (or not) by the independent
// xmlsec1 IdP. Each refusal: 401, no session cookie, no session row, the reason logged.
import { postToAcs, samlId, startSso, TestIdp, REFUSAL_TESTS_ENV } from '../../support/saml-idp';
import { createSamlTenant, createSamlUser, DOMAIN, expectRefused, goodResponse, PUBLIC_URL, spEntityId, ssoSignIn } from '../../support/saml-setup';
import { createTenant } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const A = 'acme';
const B = 'beta';
const ATTACKER = `attacker@${DOMAIN}`;
const VICTIM = `victim@${DOMAIN}`;

/** The outermost Assertion element of a document, as text. */
function assertionOf(xml: string): string {
  return xml.slice(xml.indexOf('<saml:Assertion'), xml.lastIndexOf('</saml:Assertion>') + '</saml:Assertion>'.length);
}

describe('SAML assertion consumer refusals', () => {
  let t: TestApp;
  let idp: TestIdp;
  let admin: Awaited<ReturnType<typeof createSamlTenant>>;

  beforeAll(async () => {
    idp = new TestIdp();
    t = await startTestApp({ PUBLIC_URL, ...REFUSAL_TESTS_ENV });
    admin = await createSamlTenant(t, idp, A);
    // Tenant B trusts the very same IdP: isolation must not rest on the certificate.
    await createSamlTenant(t, idp, B);
    await createSamlUser(admin, A, ATTACKER, ['Data/Read']);
    await createSamlUser(admin, A, VICTIM, ['Data/Read']);
  });
  afterAll(async () => {
    await t.close();
    idp.close();
  });

  /** A fresh AuthnRequest of tenant A, and the options of a correct answer for `nameId`. */
  const fresh = async (nameId = ATTACKER, tenant = A) => goodResponse(tenant, (await startSso(t, tenant)).id, nameId);

  it('accepts the correct response (the control for every refusal below)', async () => {
    expect((await ssoSignIn(t, idp, A, ATTACKER)).status).toBe(303);
  });

  it('refuses an unsigned response with an unsigned assertion', async () => {
    const xml = idp.responseXml({ ...(await fresh()), assertionSignature: false });
    await expectRefused(t, () => postToAcs(t, A, xml), /Invalid signature/);
  });

  it('refuses a signed response wrapping an unsigned assertion', async () => {
    const xml = idp.sign(idp.responseXml({ ...(await fresh()), assertionSignature: false, responseSignature: true }), 'response');
    expect(xml).toContain('<ds:SignatureValue>');
    await expectRefused(t, () => postToAcs(t, A, xml), /Invalid signature/);
  });

  it('refuses an assertion signed with another key', async () => {
    await expectRefused(t, async () => postToAcs(t, A, idp.signedResponse(await fresh(), 'other')), /Invalid signature/);
  });

  it('refuses an assertion signed by an attacker who puts its own certificate in KeyInfo', async () => {
    const xml = idp.signedResponse(await fresh(VICTIM), 'attacker');
    expect(xml.replace(/\s+/g, '')).toContain(idp.certBody('attacker'));
    await expectRefused(t, () => postToAcs(t, A, xml), /Invalid signature/);
  });

  describe("signature wrapping: a forged assertion for the victim around or beside the attacker's signed one", () => {
    let signed: string;
    let forged: (id?: string) => string;
    beforeEach(async () => {
      const options = await fresh(ATTACKER);
      signed = idp.signedResponse(options);
      forged = (id = samlId()) => idp.assertionXml({ ...options, nameId: VICTIM, assertionId: id, assertionSignature: false });
    });

    it('refuses an extra forged assertion beside the signed one', async () => {
      const at = signed.indexOf('<saml:Assertion');
      const xml = signed.slice(0, at) + forged() + signed.slice(at);
      await expectRefused(t, () => postToAcs(t, A, xml), /multiple assertions/);
    });

    it('refuses a forged assertion beside the signed one carrying the same ID', async () => {
      const id = /<saml:Assertion[^>]* ID="([^"]+)"/.exec(signed)![1];
      const at = signed.indexOf('<saml:Assertion');
      const xml = signed.slice(0, at) + forged(id) + signed.slice(at);
      await expectRefused(t, () => postToAcs(t, A, xml), /multiple assertions/);
    });

    it('refuses a forged assertion around the signed one (in its Advice)', async () => {
      const inner = assertionOf(signed);
      const outer = forged().replace('<saml:AuthnStatement', `<saml:Advice>${inner}</saml:Advice><saml:AuthnStatement`);
      const xml = signed.replace(inner, outer);
      await expectRefused(t, () => postToAcs(t, A, xml), /Invalid signature/);
    });

    it('refuses a forged assertion with the signed one moved into the Response Extensions', async () => {
      const inner = assertionOf(signed);
      const xml = signed.replace(inner, forged()).replace('<samlp:Status>', `<samlp:Extensions>${inner}</samlp:Extensions><samlp:Status>`);
      await expectRefused(t, () => postToAcs(t, A, xml), /Invalid signature/);
    });
  });

  it('refuses a NameID altered after signing', async () => {
    const xml = idp.signedResponse(await fresh(ATTACKER)).replace(`>${ATTACKER}<`, `>${VICTIM}<`);
    expect(xml).toContain(`>${VICTIM}<`);
    await expectRefused(t, () => postToAcs(t, A, xml), /Invalid signature/);
  });

  it('refuses an attribute altered after signing', async () => {
    const xml = idp.signedResponse({ ...(await fresh(ATTACKER)), attributes: { displayName: 'Attacker' } }).replace('>Attacker<', '>Administrator<');
    await expectRefused(t, () => postToAcs(t, A, xml), /Invalid signature/);
  });

  it('refuses a wrong Audience', async () => {
    const xml = idp.signedResponse({ ...(await fresh()), audience: 'https://other-sp.example/metadata' });
    await expectRefused(t, () => postToAcs(t, A, xml), /audience mismatch/);
  });

  it("refuses tenant B's entity ID as the Audience at tenant A", async () => {
    const xml = idp.signedResponse({ ...(await fresh()), audience: spEntityId(B) });
    await expectRefused(t, () => postToAcs(t, A, xml), /audience mismatch/);
  });

  it("refuses tenant A's response posted to tenant B's ACS", async () => {
    const xml = idp.signedResponse(await fresh(ATTACKER, A));
    await expectRefused(t, () => postToAcs(t, B, xml), /InResponseTo is not valid/);
  });

  it('refuses an expired assertion (NotOnOrAfter beyond the clock skew)', async () => {
    const now = Date.now();
    const xml = idp.signedResponse({ ...(await fresh()), notBefore: new Date(now - 120_000), notOnOrAfter: new Date(now - 30_000) });
    await expectRefused(t, () => postToAcs(t, A, xml), /expired|NotOnOrAfter|No valid subject confirmation/);
  });

  it('refuses an assertion not valid yet (NotBefore beyond the clock skew)', async () => {
    const xml = idp.signedResponse({ ...(await fresh()), notBefore: new Date(Date.now() + 60_000) });
    await expectRefused(t, () => postToAcs(t, A, xml), /not yet valid/);
  });

  it('refuses a replayed response (a second POST of the same response)', async () => {
    const xml = idp.signedResponse(await fresh());
    expect((await postToAcs(t, A, xml)).status).toBe(303);
    await expectRefused(t, () => postToAcs(t, A, xml), /InResponseTo is not valid/);
  });

  it('refuses a second use of one assertion ID even under a fresh request id', async () => {
    const assertionId = samlId();
    expect((await postToAcs(t, A, idp.signedResponse({ ...(await fresh()), assertionId }))).status).toBe(303);
    await expectRefused(t, async () => postToAcs(t, A, idp.signedResponse({ ...(await fresh()), assertionId })), /already used/);
  });

  it('refuses an unknown InResponseTo', async () => {
    const xml = idp.signedResponse(goodResponse(A, samlId(), ATTACKER));
    await expectRefused(t, () => postToAcs(t, A, xml), /InResponseTo is not valid/);
  });

  it('refuses an unsolicited response (no InResponseTo)', async () => {
    const xml = idp.signedResponse(goodResponse(A, null, ATTACKER));
    await expectRefused(t, () => postToAcs(t, A, xml), /InResponseTo is missing/);
  });

  it('reads a comment inside the NameID as part of the whole string (victim@domain.mycompany.com<!---->.evil.com)', async () => {
    const xml = idp.signedResponse(await fresh(`${VICTIM}<!---->.evil.com`));
    await expectRefused(t, () => postToAcs(t, A, xml), /domain\.mycompany\.com\.evil\.com.{1,2} is not in allowedDomains/);
  });

  it('refuses a Responder status code', async () => {
    const xml = idp.responseXml({ ...(await fresh()), statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' });
    await expectRefused(t, () => postToAcs(t, A, xml), /Responder/);
  });

  it('refuses a correctly signed assertion from the wrong Issuer', async () => {
    const xml = idp.signedResponse({ ...(await fresh()), issuer: 'https://evil-idp.example/metadata' });
    await expectRefused(t, () => postToAcs(t, A, xml), /issuer/);
  });

  it('refuses a NameID outside allowedDomains, even for an existing SAML2 account', async () => {
    await createSamlUser(admin, A, 'outsider@elsewhere.example');
    const xml = idp.signedResponse(await fresh('outsider@elsewhere.example'));
    await expectRefused(t, () => postToAcs(t, A, xml), /not in allowedDomains/);
  });

  it('refuses a NameID with no account (no automatic creation)', async () => {
    await expectRefused(t, async () => postToAcs(t, A, idp.signedResponse(await fresh(`nobody@${DOMAIN}`))), /no account/);
  });

  it('refuses a locked and a deactivated account', async () => {
    const id = await createSamlUser(admin, A, `frozen@${DOMAIN}`);
    await admin.patch(`/${A}/api/v1/users/${id}`, { locked: true }).expect(200);
    await expectRefused(t, async () => postToAcs(t, A, idp.signedResponse(await fresh(`frozen@${DOMAIN}`))), /locked/);
    await admin.patch(`/${A}/api/v1/users/${id}`, { locked: false, deactivated: true }).expect(200);
    await expectRefused(t, async () => postToAcs(t, A, idp.signedResponse(await fresh(`frozen@${DOMAIN}`))), /deactivated/);
  });

  it.each(['https://evil.example/', '//evil.example/', '/\\evil.example/', '/\t/evil.example/'])('refuses an external RelayState %j', async (relayState) => {
    const xml = idp.signedResponse(await fresh());
    await expectRefused(t, () => postToAcs(t, A, xml, relayState), /RelayState/);
  });

  it('refuses a tenant without SAML2 configured and an unknown tenant', async () => {
    await createTenant(t, 'plain');
    await expectRefused(t, async () => postToAcs(t, 'plain', idp.signedResponse(await fresh())), /disabled/);
    await postToAcs(t, 'nosuch', 'x').expect(404);
  });
});
