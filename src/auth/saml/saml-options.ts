// The node-saml options of one tenant. Pure: the entity ID and ACS URL come from
// PUBLIC_URL only (never from the Host header, which a client chooses).
import type { CacheProvider, SamlConfig } from '@node-saml/node-saml';
import { ValidateInResponseTo } from '@node-saml/node-saml';
import { SamlSettings, Tenant } from '../../tenants/tenant.entity';
import { REQUEST_ID_LIFETIME_MS } from './saml-replay-store.service';

/** The most clock difference with the identity provider we tolerate (NotBefore, NotOnOrAfter). */
export const ACCEPTED_CLOCK_SKEW_MS = 5000;

export interface SpEndpoints {
  entityId: string;
  acsUrl: string;
  metadataUrl: string;
  loginUrl: string;
}

export function spEndpoints(tenant: Pick<Tenant, 'name'>, publicUrl: URL): SpEndpoints {
  const base = `${publicUrl.origin}${publicUrl.pathname.replace(/\/+$/, '')}/${encodeURIComponent(tenant.name)}/auth/saml`;
  return { entityId: `${base}/metadata`, acsUrl: `${base}/acs`, metadataUrl: `${base}/metadata`, loginUrl: `${base}/login` };
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The IdP signing certificates: saml.idpCertificate holds one PEM block, or two during a
 * certificate rollover (old and new, README), and a response signed by either is accepted.
 */
export function idpCertificates(saml: SamlSettings | null): string[] {
  return saml?.idpCertificate?.match(PEM_BLOCK) ?? [];
}

export function samlOptionsFor(tenant: Tenant, publicUrl: URL, cacheProvider: CacheProvider): SamlConfig {
  const sp = spEndpoints(tenant, publicUrl);
  const certificates = idpCertificates(tenant.saml);
  return {
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    audience: sp.entityId,
    entryPoint: tenant.saml?.idpSsoUrl ?? undefined,
    idpCert: certificates,
    // Many IdPs sign only the assertion: that signature is required, a signed Response is accepted too.
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_ID_LIFETIME_MS,
    cacheProvider,
    acceptedClockSkewMs: ACCEPTED_CLOCK_SKEW_MS,
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    // Requesting PasswordProtectedTransport would make IdPs refuse MFA or Kerberos sign-ins.
    disableRequestedAuthnContext: true,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
  };
}
