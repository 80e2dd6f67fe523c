// A test identity provider that is independent of the code under test: key pairs and
// self-signed certificates from openssl, SAML Responses from XML templates, signatures by
// Debian's xmlsec1 (never node-saml or xml-crypto). Also the SP side of the browser's
// journey: reading the AuthnRequest from our redirect and posting the form to the ACS.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import request from 'supertest';
import { TestApp } from './test-app';

/** Lets postToAcs's per-post client addresses count (the tests' requests come through 127.0.0.1). */
export const REFUSAL_TESTS_ENV = { TRUST_PROXY: '127.0.0.1' };

export const IDP_ENTITY_ID = 'https://idp.example.test/metadata';
export const IDP_SSO_URL = 'https://idp.example.test/sso';

export interface KeyPair {
  key: string;
  cert: string;
  keyFile: string;
  certFile: string;
}

export interface ResponseOptions {
  inResponseTo: string | null;
  nameId: string;
  audience: string;
  acsUrl: string;
  issuer?: string;
  /** Issuer of the Response element (default: the assertion's). */
  responseIssuer?: string;
  assertionId?: string;
  responseId?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** Default Success; e.g. Responder for a refusal by the IdP (then no assertion). */
  statusCode?: string;
  attributes?: Record<string, string>;
  /** Leave a ds:Signature template in the Assertion / the Response for xmlsec1 to fill. */
  assertionSignature?: boolean;
  responseSignature?: boolean;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const samlId = () => '_' + randomBytes(16).toString('hex');

const signatureTemplate = (id: string) =>
  '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>' +
  '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
  '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
  `<ds:Reference URI="#${id}"><ds:Transforms>` +
  '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>' +
  '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>' +
  '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue></ds:Reference>' +
  '</ds:SignedInfo><ds:SignatureValue></ds:SignatureValue>' +
  '<ds:KeyInfo><ds:X509Data><ds:X509Certificate></ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>';

export class TestIdp {
  readonly dir = mkdtempSync(join(tmpdir(), 'ips-saml-idp-'));
  private readonly pairs = new Map<string, KeyPair>();

  /** A key pair and a self-signed certificate made by openssl (cached by name). */
  keyPair(name = 'idp'): KeyPair {
    const known = this.pairs.get(name);
    if (known) return known;
    const keyFile = join(this.dir, `${name}.key.pem`);
    const certFile = join(this.dir, `${name}.cert.pem`);
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', `/CN=${name}.idp.example.test`, '-keyout', keyFile, '-out', certFile],
      { stdio: 'pipe' },
    );
    const pair = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), keyFile, certFile };
    this.pairs.set(name, pair);
    return pair;
  }

  /** Base64 body of a certificate (what metadata and KeyInfo carry). */
  certBody(name = 'idp'): string {
    return this.keyPair(name)
      .cert.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
      .replace(/\s+/g, '');
  }

  assertionXml(o: ResponseOptions & { assertionId: string }): string {
    const now = new Date();
    const notBefore = o.notBefore ?? new Date(now.getTime() - 1000);
    const notOnOrAfter = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60 * 1000);
    const issuer = o.issuer ?? IDP_ENTITY_ID;
    const inResponseTo = o.inResponseTo === null ? '' : ` InResponseTo="${escapeXml(o.inResponseTo)}"`;
    const attributes = Object.entries(o.attributes ?? {})
      .map(([name, value]) => `<saml:Attribute Name="${escapeXml(name)}"><saml:AttributeValue>${escapeXml(value)}</saml:AttributeValue></saml:Attribute>`)
      .join('');
    return (
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.assertionId}" Version="2.0" IssueInstant="${iso(now)}">` +
      `<saml:Issuer>${escapeXml(issuer)}</saml:Issuer>` +
      (o.assertionSignature === false ? '' : signatureTemplate(o.assertionId)) +
      // The NameID is not escaped: tests put XML (a comment) in it on purpose.
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${o.nameId}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${inResponseTo} NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${escapeXml(o.acsUrl)}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${escapeXml(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${samlId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
      '</saml:Assertion>'
    );
  }

  /** An unsigned Response (with signature templates where asked) around one assertion, or `assertions` given as XML. */
  responseXml(o: ResponseOptions, assertions?: string): string {
    const responseId = o.responseId ?? samlId();
    const status = o.statusCode ?? 'urn:oasis:names:tc:SAML:2.0:status:Success';
    const success = status.endsWith(':Success');
    const inResponseTo = o.inResponseTo === null ? '' : ` InResponseTo="${escapeXml(o.inResponseTo)}"`;
    const body = assertions ?? (success ? this.assertionXml({ ...o, assertionId: o.assertionId ?? samlId() }) : '');
    return (
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${iso(new Date())}" Destination="${escapeXml(o.acsUrl)}"${inResponseTo}>` +
      `<saml:Issuer>${escapeXml(o.responseIssuer ?? o.issuer ?? IDP_ENTITY_ID)}</saml:Issuer>` +
      (o.responseSignature ? signatureTemplate(responseId) : '') +
      `<samlp:Status><samlp:StatusCode Value="${status}"/></samlp:Status>` +
      body +
      '</samlp:Response>'
    );
  }

  /** Fills one signature template with xmlsec1; `which` picks the Assertion's or the Response's. */
  sign(xml: string, which: 'assertion' | 'response', keyName = 'idp'): string {
    const pair = this.keyPair(keyName);
    const input = join(this.dir, `${samlId()}.xml`);
    writeFileSync(input, xml);
    const xpath =
      which === 'assertion'
        ? "(//*[local-name()='Assertion']/*[local-name()='Signature'][not(*[local-name()='SignedInfo']/*[local-name()='Reference']/*[local-name()='DigestValue']/text())])[1]"
        : "/*[local-name()='Response']/*[local-name()='Signature']";
    try {
      return execFileSync(
        'xmlsec1',
        [
          '--sign',
          '--privkey-pem',
          `${pair.keyFile},${pair.certFile}`,
          '--id-attr:ID',
          'urn:oasis:names:tc:SAML:2.0:protocol:Response',
          '--id-attr:ID',
          'urn:oasis:names:tc:SAML:2.0:assertion:Assertion',
          '--node-xpath',
          xpath,
          input,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ).toString('utf8');
    } finally {
      rmSync(input, { force: true });
    }
  }

  /** The usual IdP answer: assertion signed (and the Response too when asked). */
  signedResponse(o: ResponseOptions, keyName = 'idp'): string {
    let xml = this.sign(this.responseXml({ ...o, assertionSignature: true }), 'assertion', keyName);
    if (o.responseSignature) xml = this.sign(xml, 'response', keyName);
    return xml;
  }

  /** IdP metadata as an administrator would download it. */
  metadataXml(certNames: string[] = ['idp'], ssoUrl = IDP_SSO_URL, entityId = IDP_ENTITY_ID): string {
    const keys = certNames
      .map(
        (n) =>
          `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${this.certBody(n)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
      )
      .join('');
    return (
      `<?xml version="1.0"?>\n<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">` +
      `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}` +
      '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>' +
      `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ssoUrl}/post"/>` +
      `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${ssoUrl}"/>` +
      '</md:IDPSSODescriptor></md:EntityDescriptor>'
    );
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface AuthnRequestSeen {
  id: string;
  xml: string;
  location: URL;
  relayState: string | null;
}

/** GET /{tenant}/auth/saml/login and reads the AuthnRequest out of the redirect (raw deflate + base64). */
export async function startSso(t: TestApp, tenant: string, relayState?: string): Promise<AuthnRequestSeen> {
  const res = await request(t.url)
    .get(`/${tenant}/auth/saml/login`)
    .query(relayState === undefined ? {} : { RelayState: relayState });
  if (res.status !== 302) throw new Error(`saml login ${tenant}: ${res.status} ${res.text}`);
  const location = new URL(res.headers.location);
  const xml = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
  const id = /\sID="([^"]+)"/.exec(xml)![1];
  return { id, xml, location, relayState: location.searchParams.get('RelayState') };
}

/**
 * A form post to the ACS as the IdP's auto-submitting form makes it (cross-site: an IdP Origin),
 * body still to send. Each post comes from its own client address (believed when the app trusts
 * 127.0.0.1 as a proxy, see REFUSAL_TESTS_ENV): refused responses count as failed credentials,
 * and a file of refusal tests would otherwise be throttled by its own earlier cases.
 */
export function acsPost(t: TestApp, tenant: string): request.Test {
  return request(t.url)
    .post(`/${tenant}/auth/saml/acs`)
    .type('form')
    .set('Origin', 'https://idp.example.test')
    .set('X-Forwarded-For', `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`);
}

/** Posts a Response to the ACS as the IdP's auto-submitting form would. */
export function postToAcs(t: TestApp, tenant: string, responseXml: string, relayState?: string, accept?: string): request.Test {
  const form: Record<string, string> = { SAMLResponse: Buffer.from(responseXml, 'utf8').toString('base64') };
  if (relayState !== undefined) form.RelayState = relayState;
  const req = acsPost(t, tenant).send(form);
  return accept ? req.set('Accept', accept) : req;
}

/** The session cookie a response set, if any ("ips_session=..."). */
export function sessionCookieOf(res: request.Response): string | null {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const session = cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('ips_session=') && c.length > 'ips_session='.length);
  return session ?? null;
}
