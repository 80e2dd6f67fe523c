// A tenant with SAML2 sign-in enabled against the TestIdp, and the clients the SAML tests use.
import request from 'supertest';
import { DataSource } from 'typeorm';
import { browser, Browser, createTenant, signIn, TENANT_ADMIN_PASSWORD } from './api';
import { IDP_ENTITY_ID, IDP_SSO_URL, postToAcs, ResponseOptions, sessionCookieOf, startSso, TestIdp } from './saml-idp';
import { TestApp } from './test-app';

export const PUBLIC_URL = 'http://ips.test';
export const DOMAIN = 'domain.mycompany.com';

export const spEntityId = (tenant: string) => `${PUBLIC_URL}/${tenant}/auth/saml/metadata`;
export const acsUrl = (tenant: string) => `${PUBLIC_URL}/${tenant}/auth/saml/acs`;

/** A browser whose page lives at PUBLIC_URL (same-origin writes carry that Origin). */
export function atPublicOrigin(t: TestApp, cookie: string): Browser {
  return browser(t, cookie, PUBLIC_URL);
}

/** Creates the tenant and enables SAML2 with the IdP's certificate(s); returns its Administrator's browser. */
export async function createSamlTenant(t: TestApp, idp: TestIdp, tenant: string, certNames: string[] = ['idp']): Promise<Browser> {
  await createTenant(t, tenant);
  const admin = atPublicOrigin(t, (await signIn(t, tenant, 'Administrator', TENANT_ADMIN_PASSWORD)).cookie);
  const res = await admin.patch(`/${tenant}/api/v1/settings`, {
    loginMethods: { saml2: true },
    saml: {
      idpEntityId: IDP_ENTITY_ID,
      idpSsoUrl: IDP_SSO_URL,
      idpCertificate: certNames.map((name) => idp.keyPair(name).cert).join('\n'),
      allowedDomains: [DOMAIN],
    },
  });
  if (res.status !== 200) throw new Error(`enable SAML2 on ${tenant}: ${res.status} ${JSON.stringify(res.body)}`);
  return admin;
}

/** Creates a SAML2 account (optionally in a workgroup with roles); returns its id. */
export async function createSamlUser(admin: Browser, tenant: string, loginId: string, roles: string[] = []): Promise<number> {
  const created = await admin.post(`/${tenant}/api/v1/users`, { loginId, type: 'SAML2' });
  if (created.status !== 201) throw new Error(`create ${loginId}: ${created.status} ${JSON.stringify(created.body)}`);
  if (roles.length) {
    const group = await admin.post(`/${tenant}/api/v1/workgroups`, {
      name: `wg-${loginId}`.slice(0, 100),
      members: [created.body.id],
      roles: Object.fromEntries(roles.map((r) => [r, 'Allowed'])),
    });
    if (group.status !== 201) throw new Error(`workgroup for ${loginId}: ${group.status}`);
  }
  return created.body.id;
}

/** The options of a response that answers `requestId` correctly for the tenant. */
export function goodResponse(tenant: string, requestId: string | null, nameId: string, extra: Partial<ResponseOptions> = {}): ResponseOptions {
  return { inResponseTo: requestId, nameId, audience: spEntityId(tenant), acsUrl: acsUrl(tenant), ...extra };
}

/** SP-initiated sign-in end to end: our redirect, the IdP's signed answer, our ACS. */
export async function ssoSignIn(
  t: TestApp,
  idp: TestIdp,
  tenant: string,
  nameId: string,
  extra: Partial<ResponseOptions> = {},
  relayState?: string,
): Promise<request.Response> {
  const authn = await startSso(t, tenant);
  return postToAcs(t, tenant, idp.signedResponse(goodResponse(tenant, authn.id, nameId, extra)), relayState);
}

export async function sessionCount(t: TestApp): Promise<number> {
  const rows: { n: number | string }[] = await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM session');
  return Number(rows[0].n);
}

/**
 * Asserts a refusal: 401, no session cookie, no new session row, and the reason in the
 * server log. With two apps in one Jest process, Nest's static Logger writes to the app
 * created last: `logsOf` names the app whose log to read.
 */
export async function expectRefused(
  t: TestApp,
  send: () => Promise<request.Response> | request.Test,
  logReason?: RegExp,
  logsOf: TestApp = t,
): Promise<request.Response> {
  const before = await sessionCount(t);
  const logsBefore = logsOf.logs.length;
  const res = await send();
  if (res.status !== 401) throw new Error(`expected 401, got ${res.status} ${res.headers.location ?? ''} ${res.text.slice(0, 300)}`);
  if (sessionCookieOf(res) !== null) throw new Error('a refused response set a session cookie');
  if ((await sessionCount(t)) !== before) throw new Error('a refused response created a session');
  if (!/Single sign-on failed/.test(res.text)) throw new Error(`the refusal does not say "Single sign-on failed": ${res.text.slice(0, 200)}`);
  const logged = logsOf.logs.slice(logsBefore).filter((line) => line.includes('SAML response refused'));
  if (logged.length !== 1) throw new Error(`expected one "SAML response refused" log line, got ${logged.length}`);
  if (logReason && !logReason.test(logged[0])) throw new Error(`the log line does not match ${logReason}: ${logged[0]}`);
  return res;
}
