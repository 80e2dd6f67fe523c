import { ValidateInResponseTo } from '@node-saml/node-saml';
import { Tenant } from '../../tenants/tenant.entity';
import { ACCEPTED_CLOCK_SKEW_MS, idpCertificates, samlOptionsFor, spEndpoints } from './saml-options';

const PEM_A = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
const PEM_B = '-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----';
const cache = { saveAsync: async () => null, getAsync: async () => null, removeAsync: async () => null };
const tenant = {
  id: 1,
  name: 'acme',
  saml: { idpEntityId: 'https://idp/e', idpSsoUrl: 'https://idp/sso', idpCertificate: `${PEM_A}\n${PEM_B}\n`, allowedDomains: [] },
} as unknown as Tenant;

describe('SAML options of a tenant', () => {
  it('puts the entity ID and ACS URL under PUBLIC_URL, its path included', () => {
    expect(spEndpoints(tenant, new URL('https://ips.example.com'))).toEqual({
      entityId: 'https://ips.example.com/acme/auth/saml/metadata',
      acsUrl: 'https://ips.example.com/acme/auth/saml/acs',
      metadataUrl: 'https://ips.example.com/acme/auth/saml/metadata',
      loginUrl: 'https://ips.example.com/acme/auth/saml/login',
    });
    expect(spEndpoints(tenant, new URL('https://example.com/ips/')).acsUrl).toBe('https://example.com/ips/acme/auth/saml/acs');
  });

  it('reads one or two PEM blocks from idpCertificate', () => {
    expect(idpCertificates(tenant.saml)).toEqual([PEM_A, PEM_B]);
    expect(idpCertificates({ ...tenant.saml!, idpCertificate: PEM_A })).toEqual([PEM_A]);
    expect(idpCertificates({ ...tenant.saml!, idpCertificate: null })).toEqual([]);
    expect(idpCertificates(null)).toEqual([]);
  });

  it('asks node-saml for a signed assertion, InResponseTo always, a small skew and the audience', () => {
    const options = samlOptionsFor(tenant, new URL('https://ips.example.com'), cache);
    expect(options).toMatchObject({
      issuer: 'https://ips.example.com/acme/auth/saml/metadata',
      audience: 'https://ips.example.com/acme/auth/saml/metadata',
      callbackUrl: 'https://ips.example.com/acme/auth/saml/acs',
      entryPoint: 'https://idp/sso',
      idpCert: [PEM_A, PEM_B],
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
    });
    expect(options.cacheProvider).toBe(cache);
    expect(options.acceptedClockSkewMs).toBeLessThanOrEqual(5000);
    expect(ACCEPTED_CLOCK_SKEW_MS).toBeGreaterThan(0);
  });
});
