// Issue 9: what administrators need around SAML: IdP certificate rollover, IdP metadata
// import, turning SAML2 off, and the IPS Administrator's way back into a locked-out tenant.
import request from 'supertest';
import { adminAuth, basic, createTenant, signIn, TENANT_ADMIN_PASSWORD } from '../../support/api';
import { IDP_SSO_URL, postToAcs, sessionCookieOf, startSso, TestIdp, REFUSAL_TESTS_ENV } from '../../support/saml-idp';
import { atPublicOrigin, createSamlTenant, createSamlUser, DOMAIN, expectRefused, goodResponse, PUBLIC_URL, ssoSignIn } from '../../support/saml-setup';
import { startTestApp, TestApp } from '../../support/test-app';

const USER = `first.last@${DOMAIN}`;

describe('SAML settings, rollover and recovery', () => {
  let t: TestApp;
  let idp: TestIdp;

  beforeAll(async () => {
    idp = new TestIdp();
    t = await startTestApp({ PUBLIC_URL, ...REFUSAL_TESTS_ENV });
  });
  afterAll(async () => {
    await t.close();
    idp.close();
  });

  it('accepts responses signed with either of two configured certificates, and refuses one removed', async () => {
    const admin = await createSamlTenant(t, idp, 'roll', ['idp', 'next']);
    await createSamlUser(admin, 'roll', USER);
    expect((await ssoSignIn(t, idp, 'roll', USER, {})).status).toBe(303);
    const withNext = await startSso(t, 'roll');
    expect((await postToAcs(t, 'roll', idp.signedResponse(goodResponse('roll', withNext.id, USER), 'next'))).status).toBe(303);

    // The rollover is over: only the new certificate remains.
    await admin.patch('/roll/api/v1/settings', { saml: { idpCertificate: idp.keyPair('next').cert } }).expect(200);
    const old = await startSso(t, 'roll');
    await expectRefused(t, () => postToAcs(t, 'roll', idp.signedResponse(goodResponse('roll', old.id, USER), 'idp')), /Invalid signature/);
    const current = await startSso(t, 'roll');
    expect((await postToAcs(t, 'roll', idp.signedResponse(goodResponse('roll', current.id, USER), 'next'))).status).toBe(303);
  });

  describe('IdP metadata import', () => {
    let admin: Awaited<ReturnType<typeof createSamlTenant>>;
    beforeAll(async () => {
      await createTenant(t, 'meta');
      admin = atPublicOrigin(t, (await signIn(t, 'meta', 'Administrator', TENANT_ADMIN_PASSWORD)).cookie);
    });
    const importXml = (metadataXml: string) => admin.post('/meta/api/v1/settings/saml/metadata', { metadataXml });

    it('fills entity ID, SSO URL (HTTP-Redirect) and both signing certificates, and sign-on works with them', async () => {
      const res = await importXml(idp.metadataXml(['idp', 'next'], 'https://login.example.test/saml2', 'https://login.example.test/entity'));
      expect(res.status).toBe(200);
      expect(res.body.saml).toMatchObject({ idpEntityId: 'https://login.example.test/entity', idpSsoUrl: 'https://login.example.test/saml2' });
      const blocks = (res.body.saml.idpCertificate as string).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!;
      expect(blocks.map((b) => b.replace(/-----[A-Z ]+-----|\s/g, ''))).toEqual([idp.certBody('idp'), idp.certBody('next')]);

      await importXml(idp.metadataXml(['next'])).expect(200);
      await admin.patch('/meta/api/v1/settings', { loginMethods: { saml2: true }, saml: { allowedDomains: [DOMAIN] } }).expect(200);
      await createSamlUser(admin, 'meta', USER);
      const authn = await startSso(t, 'meta');
      expect(`${authn.location.origin}${authn.location.pathname}`).toBe(IDP_SSO_URL);
      expect((await postToAcs(t, 'meta', idp.signedResponse(goodResponse('meta', authn.id, USER), 'next'))).status).toBe(303);
    });

    it('answers malformed or incomplete metadata with a 400 naming what is wrong, and leaves the settings alone', async () => {
      const before = (await admin.get('/meta/api/v1/settings').expect(200)).body.saml;
      const cases: [string, RegExp][] = [
        ['<md:EntityDescriptor', /not well-formed/],
        ['<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', /not well-formed/],
        ['<EntityDescriptor entityID="x"/>', /md:EntityDescriptor/],
        [
          idp.metadataXml().replace(/<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"[^>]*\/>/, ''),
          /SingleSignOnService with the HTTP-Redirect binding/,
        ],
        [idp.metadataXml().replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/, ''), /signing certificate/],
        [idp.metadataXml().replace(/entityID="[^"]*"/, ''), /entityID/],
        [idp.metadataXml().replace(idp.certBody(), 'bm90IGEgY2VydGlmaWNhdGU='), /not a valid certificate/],
      ];
      for (const [xml, message] of cases) {
        const res = await importXml(xml);
        expect({ xml: xml.slice(0, 60), status: res.status }).toEqual({ xml: xml.slice(0, 60), status: 400 });
        expect(res.body.message).toMatch(/metadataXml/);
        expect(res.body.message).toMatch(message);
      }
      await admin.post('/meta/api/v1/settings/saml/metadata', {}).expect(400);
      expect((await admin.get('/meta/api/v1/settings').expect(200)).body.saml).toEqual(before);
    });

    it('is for Administrators only', async () => {
      // The tenant trusts only the 'next' certificate now (the last import).
      const authn = await startSso(t, 'meta');
      const ok = await postToAcs(t, 'meta', idp.signedResponse(goodResponse('meta', authn.id, USER), 'next'));
      expect(ok.status).toBe(303);
      const session = atPublicOrigin(t, sessionCookieOf(ok)!);
      await session.post('/meta/api/v1/settings/saml/metadata', { metadataXml: idp.metadataXml() }).expect(403);
      await session.get('/meta/api/v1/settings/saml/service-provider').expect(403);
    });
  });

  it("disabling loginMethods.saml2 blocks SSO and the SAML2 accounts' API keys; enabling restores the key", async () => {
    const admin = await createSamlTenant(t, idp, 'off');
    await createSamlUser(admin, 'off', USER, ['Security/API Key', 'Data/Read']);
    const signedOn = await ssoSignIn(t, idp, 'off', USER);
    const session = atPublicOrigin(t, sessionCookieOf(signedOn)!);
    const { key } = (await session.post('/off/api/v1/me/api-key').expect(201)).body;
    const odata = () => request(t.url).get('/off/odata/').set('Authorization', basic('FeedKey', key));
    await odata().expect(200);
    const pending = await startSso(t, 'off');

    await admin.patch('/off/api/v1/settings', { loginMethods: { saml2: false } }).expect(200);
    expect((await request(t.url).get('/off/auth/saml/login')).status).toBe(403);
    await expectRefused(t, () => postToAcs(t, 'off', idp.signedResponse(goodResponse('off', pending.id, USER))), /disabled/);
    expect((await odata().expect(403)).body.error.message).toMatch(/SAML2 sign-in is disabled/);
    await session.get('/off/api/v1/me').expect(401);

    await admin.patch('/off/api/v1/settings', { loginMethods: { saml2: true } }).expect(200);
    await odata().expect(200);
    expect((await ssoSignIn(t, idp, 'off', USER)).status).toBe(303);
  });

  it('recovery re-enables Local sign-in of a tenant whose Administrators are SAML2-only, and says so in the audit log', async () => {
    const admin = await createSamlTenant(t, idp, 'lockout');
    const bossId = await createSamlUser(admin, 'lockout', `boss@${DOMAIN}`);
    const groups = (await admin.get('/lockout/api/v1/workgroups').expect(200)).body as { id: number; name: string; members: number[]; roles: object }[];
    const administrators = groups.find((g) => g.name === 'Administrators')!;
    await admin
      .put(`/lockout/api/v1/workgroups/${administrators.id}`, {
        name: administrators.name,
        roles: administrators.roles,
        members: [...administrators.members, bossId],
      })
      .expect(200);

    // The SAML2 Administrator turns Local sign-in off through a real SSO session...
    const boss = atPublicOrigin(t, sessionCookieOf(await ssoSignIn(t, idp, 'lockout', `boss@${DOMAIN}`))!);
    await boss.patch('/lockout/api/v1/settings', { loginMethods: { local: false } }).expect(200);
    // ...then the IdP's certificate expires: the tenant trusts a certificate nobody can sign with.
    await boss.patch('/lockout/api/v1/settings', { saml: { idpCertificate: idp.keyPair('lost').cert } }).expect(200);
    await expectRefused(t, () => ssoSignIn(t, idp, 'lockout', `boss@${DOMAIN}`), /Invalid signature/);
    expect((await request(t.url).post('/lockout/auth/login').send({ loginId: 'Administrator', password: TENANT_ADMIN_PASSWORD })).status).toBe(403);

    const recovered = await request(t.url)
      .post('/admin/api/tenants/lockout/administrator')
      .set('Authorization', adminAuth())
      .send({ password: 'recovered-password-123' });
    expect(recovered.status).toBe(200);
    const back = await request(t.url).post('/lockout/auth/login').send({ loginId: 'Administrator', password: 'recovered-password-123' });
    expect(back.status).toBe(200);
    expect((await request(t.url).get('/lockout/api/v1/tenant-info').expect(200)).body.loginMethods).toEqual({ local: true, saml2: true });

    const serverEvents = (await request(t.url).get('/admin/api/audit-events').set('Authorization', adminAuth()).expect(200)).body as {
      action: string;
      target: { id: string };
    }[];
    expect(serverEvents.some((e) => e.action === 'tenant.local-sign-in-restored' && e.target.id === 'lockout')).toBe(true);
    const tenantAdmin = atPublicOrigin(
      t,
      ([] as string[])
        .concat(back.headers['set-cookie'])
        .map((c) => c.split(';')[0])
        .join('; '),
    );
    const tenantEvents = (await tenantAdmin.get('/lockout/api/v1/audit-events?limit=10').expect(200)).body as { action: string }[];
    expect(tenantEvents.map((e) => e.action)).toContain('tenant.local-sign-in-restored');

    // With Local sign-in on already, recovery changes no setting and says nothing about it.
    const count = serverEvents.filter((e) => e.action === 'tenant.local-sign-in-restored').length;
    await request(t.url)
      .post('/admin/api/tenants/lockout/administrator')
      .set('Authorization', adminAuth())
      .send({ password: 'recovered-password-456' })
      .expect(200);
    const after = (await request(t.url).get('/admin/api/audit-events').set('Authorization', adminAuth()).expect(200)).body as { action: string }[];
    expect(after.filter((e) => e.action === 'tenant.local-sign-in-restored').length).toBe(count);
  });
});
