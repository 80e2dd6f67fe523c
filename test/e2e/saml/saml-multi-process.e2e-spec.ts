// Issue 9: the request-id store is shared by every server process (the database): a
// response may come back through another process than the one that sent the request, and
// a replay through a second process is refused like one through the first.
import { postToAcs, samlId, sessionCookieOf, startSso, TestIdp, REFUSAL_TESTS_ENV } from '../../support/saml-idp';
import { createSamlTenant, createSamlUser, DOMAIN, expectRefused, goodResponse, PUBLIC_URL } from '../../support/saml-setup';
import { startTestApp, TestApp } from '../../support/test-app';
import request from 'supertest';

const T = 'acme';
const USER = `first.last@${DOMAIN}`;

describe('SAML sign-on across two server processes on one database', () => {
  let a: TestApp;
  let b: TestApp;
  let idp: TestIdp;

  beforeAll(async () => {
    idp = new TestIdp();
    a = await startTestApp({ PUBLIC_URL, ...REFUSAL_TESTS_ENV });
    b = await startTestApp({ PUBLIC_URL, ...REFUSAL_TESTS_ENV, DATABASE_URL: a.db.url });
    const admin = await createSamlTenant(a, idp, T);
    await createSamlUser(admin, T, USER, ['Data/Read']);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    idp.close();
  });

  it('accepts on process B the answer to a request sent by process A, and serves the session on both', async () => {
    const authn = await startSso(a, T);
    const res = await postToAcs(b, T, idp.signedResponse(goodResponse(T, authn.id, USER)));
    expect(res.status).toBe(303);
    const cookie = sessionCookieOf(res)!;
    await request(a.url).get(`/${T}/api/v1/me`).set('Cookie', cookie).expect(200);
  });

  it('refuses on process B a response already consumed on process A', async () => {
    const authn = await startSso(a, T);
    const xml = idp.signedResponse(goodResponse(T, authn.id, USER));
    expect((await postToAcs(a, T, xml)).status).toBe(303);
    await expectRefused(b, () => postToAcs(b, T, xml), /InResponseTo is not valid/);
    await expectRefused(a, () => postToAcs(a, T, xml), /InResponseTo is not valid/, b);
  });

  it('lets only one of two simultaneous posts of one response (one on each process) through', async () => {
    const authn = await startSso(a, T);
    const xml = idp.signedResponse(goodResponse(T, authn.id, USER));
    const results = await Promise.all([postToAcs(a, T, xml), postToAcs(b, T, xml)]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 401]);
  });

  it('refuses on either process a request id neither of them sent', async () => {
    await expectRefused(b, () => postToAcs(b, T, idp.signedResponse(goodResponse(T, samlId(), USER))), /InResponseTo is not valid/);
  });
});
