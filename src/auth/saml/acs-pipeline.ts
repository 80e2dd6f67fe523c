// The assertion consumer's own checks, after node-saml has verified the signature,
// InResponseTo, the time window and the audience: small named validators run in order
// (the shape of better-auth's saml-pipeline), each unit-tested in acs-pipeline.spec.ts.
// Each throws a SamlRejection whose reason is logged, never shown.
import { accountRefusal } from '../../access/access-policy';
import { DOMParser } from '@xmldom/xmldom';
import { Tenant } from '../../tenants/tenant.entity';
import { User } from '../../users/user.entity';
import { SamlRejection } from './saml.errors';

const SAML_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DISPLAY_NAME_ATTRIBUTES = ['displayName', 'urn:oid:2.16.840.1.113730.3.1.241'];
export const MAX_DISPLAY_NAME = 200;

/** What the ACS needs from a verified assertion (the strategy shapes node-saml's profile into this). */
export interface VerifiedAssertion {
  issuer: string | null;
  /** NameID as node-saml read it. */
  nameId: string | null;
  /** The signed assertion's XML, as verified. */
  assertionXml: string;
  assertionId: string | null;
  notOnOrAfter: Date | null;
  displayName: string | null;
}

/** Step 1: only a response that can end in a sign-in: a SAMLResponse (no SAMLRequest, no logout). */
export function requireSamlResponse(body: unknown): string {
  const form = (body ?? {}) as Record<string, unknown>;
  if (form.SAMLRequest !== undefined) throw new SamlRejection('a SAMLRequest was posted to the assertion consumer');
  if (typeof form.SAMLResponse !== 'string' || form.SAMLResponse === '') throw new SamlRejection('no SAMLResponse in the form');
  return form.SAMLResponse;
}

/**
 * RelayState is honoured only as a local path: one leading slash, not // or /\ (both
 * mean another host to a browser), and no whitespace or control characters (browsers
 * drop tabs and newlines, so "/\t/evil.example" would become "//evil.example").
 */
export function localRelayState(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new SamlRejection('RelayState is not a string');
  if (value.length > 2048) throw new SamlRejection('RelayState is too long');
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    throw new SamlRejection(`RelayState is not a local path: ${JSON.stringify(value.slice(0, 100))}`);
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(value)) throw new SamlRejection('RelayState holds whitespace, control characters or a backslash');
  return value;
}

/** node-saml does not compare the assertion's Issuer with the IdP we trust for this tenant. */
export function checkIssuer(assertion: VerifiedAssertion, tenant: Tenant): void {
  const expected = tenant.saml?.idpEntityId;
  if (!expected || assertion.issuer !== expected)
    throw new SamlRejection(`assertion issuer ${JSON.stringify(assertion.issuer)} is not the tenant's idpEntityId`);
}

/**
 * The NameID as the whole text of the element: a comment inside it
 * ("victim@domain.mycompany.com<!---->.evil.com") must not cut it short, so it is read
 * again from the verified XML with a DOM parser and must agree with node-saml's reading.
 */
export function wholeNameId(assertion: VerifiedAssertion): string {
  const doc = new DOMParser().parseFromString(assertion.assertionXml, 'text/xml');
  const subjects = doc.getElementsByTagNameNS(SAML_ASSERTION_NS, 'Subject');
  if (subjects.length !== 1) throw new SamlRejection('the assertion has no single Subject');
  const nameIds = Array.from({ length: subjects[0].childNodes.length }, (_, i) => subjects[0].childNodes[i]).filter(
    (node) => node.nodeType === 1 && (node as Element).namespaceURI === SAML_ASSERTION_NS && (node as Element).localName === 'NameID',
  );
  if (nameIds.length !== 1) throw new SamlRejection('the assertion has no single NameID');
  const text = nameIds[0].textContent ?? '';
  if (text === '' || text !== assertion.nameId)
    throw new SamlRejection(`NameID read two ways differs: ${JSON.stringify(text)} / ${JSON.stringify(assertion.nameId)}`);
  return text;
}

/** allowedDomains match the NameID's domain exactly, case-insensitively (SPEC 5); none configured allows none. */
export function checkAllowedDomain(nameId: string, tenant: Tenant): void {
  const at = nameId.lastIndexOf('@');
  if (at <= 0 || at === nameId.length - 1 || nameId.indexOf('@') !== at)
    throw new SamlRejection(`NameID ${JSON.stringify(nameId)} is not of the form user@domain`);
  const domain = nameId.slice(at + 1).toLowerCase();
  const allowed = (tenant.saml?.allowedDomains ?? []).map((d) => d.toLowerCase());
  if (!allowed.includes(domain)) throw new SamlRejection(`NameID domain ${JSON.stringify(domain)} is not in allowedDomains`);
}

/** The account exists beforehand as a SAML2 user of this tenant (no automatic creation, SPEC 3). */
export function checkAccountExists(user: User | null, tenant: Tenant, nameId: string): User {
  if (!user || user.tenantId !== tenant.id) throw new SamlRejection(`no account ${JSON.stringify(nameId)} in this tenant`);
  if (user.type !== 'SAML2') throw new SamlRejection(`account ${JSON.stringify(user.loginId)} is not a SAML2 account`);
  return user;
}

// The next two are the sign-in account checks every sign-in path shares; kept apart so
// they can be swapped for the one shared startSession's checks.
/** The sign-in account checks shared with password sign-in (locked, deactivated, login method). */
export function checkAccountActive(user: User, tenant: Tenant): void {
  const refusal = accountRefusal(tenant, user, 'sign-in');
  if (refusal) throw new SamlRejection(`account ${JSON.stringify(user.loginId)}: ${refusal.message}`);
}

export function checkSaml2Enabled(tenant: Tenant): void {
  if (!tenant.loginSaml2) throw new SamlRejection('SAML2 sign-in is disabled for this tenant');
}

/** The assertion must carry an ID: it is what makes a replay detectable by primary key. */
export function requireAssertionId(assertion: VerifiedAssertion): string {
  if (!assertion.assertionId || assertion.assertionId.length > 255) throw new SamlRejection('the assertion has no usable ID');
  return assertion.assertionId;
}

/** A displayName attribute, when sent, may update the account's display name. */
export function displayNameUpdate(assertion: VerifiedAssertion, user: User): string | null {
  const name = assertion.displayName?.trim();
  if (!name || name.length > MAX_DISPLAY_NAME || name === user.displayName) return null;
  return name;
}

/** node-saml's profile attribute value of the display name, if any: a single string. */
export function displayNameAttribute(attributes: Record<string, unknown> | undefined): string | null {
  for (const name of DISPLAY_NAME_ATTRIBUTES) {
    const value = attributes?.[name];
    if (typeof value === 'string') return value;
  }
  return null;
}
