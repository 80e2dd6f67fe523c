// Issue 9: SP-initiated SAML2 sign-on of a SAML2 account, the website session it opens,
// and the API key made from that session (OData only, SPEC 4 (8)).
import request from 'supertest';
import { DataSource } from 'typeorm';
import { basic, signIn, TENANT_ADMIN_PASSWORD } from '../../support/api';
import { IDP_SSO_URL, postToAcs, sessionCookieOf, startSso, TestIdp, REFUSAL_TESTS_ENV } from '../../support/saml-idp';
import {
  acsUrl,
  atPublicOrigin,
  createSamlTenant,
  createSamlUser,
  DOMAIN,
  expectRefused,
  goodResponse,
  PUBLIC_URL,
  spEntityId,
  ssoSignIn,
} from '../../support/saml-setup';
import { startTestApp, TestApp } from '../../support/test-app';

const T = 'acme';
const USER = `first.last@${DOMAIN}`;

describe('SAML2 single sign-on', () => {
  let t: TestApp;
  let idp: TestIdp;
  let admin: Awaited<ReturnType<typeof createSamlTenant>>;
  let userId: number;

  beforeAll(async () => {
    idp = new TestIdp();
    t = await startTestApp({ PUBLIC_URL, ...REFUSAL_TESTS_ENV });
    admin = await createSamlTenant(t, idp, T);
    userId = await createSamlUser(admin, T, USER, ['Security/API Key', 'Data/Read']);
  });
  afterAll(async () => {
    await t.close();
    idp.close();
  });

  it('redirects to the IdP with an AuthnRequest naming our entity ID and ACS URL under PUBLIC_URL (not the Host header)', async () => {
    const res = await request(t.url).get(`/${T}/auth/saml/login`).set('Host', 'evil.example').query({ RelayState: '/acme/PlanningSpace/' });
    expect(res.status).toBe(302);
    const authn = await startSso(t, T, '/acme/PlanningSpace/');
    expect(`${authn.location.origin}${authn.location.pathname}`).toBe(IDP_SSO_URL);
    expect(authn.relayState).toBe('/acme/PlanningSpace/');
    expect(authn.xml).toContain(`AssertionConsumerServiceURL="${acsUrl(T)}"`);
    expect(authn.xml).toContain(`>${spEntityId(T)}</saml:Issuer>`);
    expect(authn.xml).not.toContain('evil.example');
  });

  it('signs in, the session works on the Web API, a key made from it gets 200 on OData and 403 on the Web API', async () => {
    const authn = await startSso(t, T);
    const res = await postToAcs(t, T, idp.signedResponse(goodResponse(T, authn.id, USER)));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/${T}/`);
    const cookie = sessionCookieOf(res)!;
    expect(cookie).toBeTruthy();
    expect(([] as string[]).concat(res.headers['set-cookie']).join()).toMatch(/HttpOnly/i);

    const session = atPublicOrigin(t, cookie);
    const me = await session.get(`/${T}/api/v1/me`).expect(200);
    expect(me.body).toMatchObject({ id: userId, loginId: USER, type: 'SAML2' });

    const { key } = (await session.post(`/${T}/api/v1/me/api-key`).expect(201)).body;
    const feed = await request(t.url).get(`/${T}/odata/`).set('Authorization', basic('FeedKey', key));
    expect(feed.status).toBe(200);
    const web = await request(t.url).get(`/${T}/api/v1/me`).set('Authorization', `Bearer ${key}`);
    expect(web.status).toBe(403);
    expect(web.body.message).toBe('API keys of SAML2 accounts can only be used for OData');
  });

  it('writes session.started with method saml2 to the audit log', async () => {
    expect((await ssoSignIn(t, idp, T, USER)).status).toBe(303);
    const events = (await admin.get(`/${T}/api/v1/audit-events?limit=5`).expect(200)).body as { action: string; target: { loginId?: string } }[];
    const started = events.find((e) => e.action === 'session.started' && e.target.loginId === USER);
    expect(started).toBeDefined();
    const rows: { details: string | object }[] = await t.app
      .get(DataSource)
      .query("SELECT details FROM audit_event WHERE action = 'session.started' AND targetLoginId = ? ORDER BY id DESC LIMIT 1", [USER]);
    const details = typeof rows[0].details === 'string' ? JSON.parse(rows[0].details) : rows[0].details;
    expect(details).toEqual({ method: 'saml2' });
  });

  it('redirects to a local RelayState path, and issues a fresh session id at every sign-on', async () => {
    const first = await ssoSignIn(t, idp, T, USER, {}, '/acme/PlanningSpace/#/generateApiKey');
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/acme/PlanningSpace/#/generateApiKey');
    const second = await ssoSignIn(t, idp, T, USER);
    expect(sessionCookieOf(second)).not.toBe(sessionCookieOf(first));
    await atPublicOrigin(t, sessionCookieOf(first)!).get(`/${T}/api/v1/me`).expect(200);
  });

  it('accepts a signed Response around a signed assertion', async () => {
    const res = await ssoSignIn(t, idp, T, USER, { responseSignature: true });
    expect(res.status).toBe(303);
  });

  it('matches the NameID case-insensitively and takes a sent displayName', async () => {
    const res = await ssoSignIn(t, idp, T, 'First.Last@DOMAIN.mycompany.com', { attributes: { displayName: 'First Last' } });
    expect(res.status).toBe(303);
    const me = await atPublicOrigin(t, sessionCookieOf(res)!).get(`/${T}/api/v1/me`).expect(200);
    expect(me.body).toMatchObject({ id: userId, displayName: 'First Last' });
  });

  it('answers a refusal with JSON when the client asks for JSON, else with a small page', async () => {
    const authn = await startSso(t, T);
    const unsigned = idp.responseXml({ ...goodResponse(T, authn.id, USER), assertionSignature: false });
    const json = await expectRefused(t, () => postToAcs(t, T, unsigned, undefined, 'application/json'));
    expect(json.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/^Single sign-on failed/) });
    const page = await expectRefused(t, () => postToAcs(t, T, unsigned, undefined, 'text/html,application/xhtml+xml'));
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });

  it('serves SP metadata with the entity ID and the ACS URL under PUBLIC_URL', async () => {
    const res = await request(t.url).get(`/${T}/auth/saml/metadata`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/samlmetadata\+xml/);
    const { DOMParser } = await import('@xmldom/xmldom');
    const doc = new DOMParser().parseFromString(res.text, 'text/xml');
    const md = 'urn:oasis:names:tc:SAML:2.0:metadata';
    expect(doc.documentElement.localName).toBe('EntityDescriptor');
    expect(doc.documentElement.namespaceURI).toBe(md);
    expect(doc.documentElement.getAttribute('entityID')).toBe(spEntityId(T));
    const sp = doc.getElementsByTagNameNS(md, 'SPSSODescriptor')[0];
    expect(sp.getAttribute('WantAssertionsSigned')).toBe('true');
    expect(sp.getAttribute('protocolSupportEnumeration')).toBe('urn:oasis:names:tc:SAML:2.0:protocol');
    const acs = doc.getElementsByTagNameNS(md, 'AssertionConsumerService')[0];
    expect(acs.getAttribute('Location')).toBe(acsUrl(T));
    expect(acs.getAttribute('Binding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
  });

  it('shows administrators the SP entity ID, ACS URL and metadata URL to hand to the IdP', async () => {
    const res = await admin.get(`/${T}/api/v1/settings/saml/service-provider`).expect(200);
    expect(res.body).toEqual({ entityId: spEntityId(T), acsUrl: acsUrl(T), metadataUrl: spEntityId(T), loginUrl: `${PUBLIC_URL}/${T}/auth/saml/login` });
  });

  it('leaves Local users of the tenant unaffected', async () => {
    await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    // A Local account cannot come in through SAML.
    await expectRefused(t, () => ssoSignIn(t, idp, T, 'Administrator'));
  });
});
