import { Tenant } from '../../tenants/tenant.entity';
import { User } from '../../users/user.entity';
import {
  checkAccountActive,
  checkAccountExists,
  checkAllowedDomain,
  checkIssuer,
  checkSaml2Enabled,
  displayNameAttribute,
  displayNameUpdate,
  localRelayState,
  requireAssertionId,
  requireSamlResponse,
  VerifiedAssertion,
  wholeNameId,
} from './acs-pipeline';
import { SamlRejection } from './saml.errors';

const tenant = (saml: Partial<Tenant['saml']> = {}, loginSaml2 = true): Tenant =>
  ({
    id: 7,
    name: 'acme',
    loginSaml2,
    saml: {
      idpEntityId: 'https://idp.example/metadata',
      idpSsoUrl: 'https://idp.example/sso',
      idpCertificate: 'PEM',
      allowedDomains: ['Domain.MyCompany.com'],
      ...saml,
    },
  }) as Tenant;
const user = (changes: Partial<User> = {}): User =>
  ({
    id: 3,
    tenantId: 7,
    loginId: 'first.last@domain.mycompany.com',
    type: 'SAML2',
    displayName: 'First',
    locked: false,
    deactivated: false,
    ...changes,
  }) as User;

const assertionXml = (nameId: string) =>
  `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a"><saml:Issuer>x</saml:Issuer><saml:Subject><saml:NameID>${nameId}</saml:NameID></saml:Subject></saml:Assertion>`;
const assertion = (changes: Partial<VerifiedAssertion> = {}): VerifiedAssertion => ({
  issuer: 'https://idp.example/metadata',
  nameId: 'first.last@domain.mycompany.com',
  assertionXml: assertionXml('first.last@domain.mycompany.com'),
  assertionId: '_a',
  notOnOrAfter: null,
  displayName: null,
  ...changes,
});

const refused = (fn: () => unknown) => expect(fn).toThrow(SamlRejection);

describe('ACS pipeline validators', () => {
  it('requireSamlResponse: a SAMLResponse string, never a SAMLRequest', () => {
    expect(requireSamlResponse({ SAMLResponse: 'PD94' })).toBe('PD94');
    refused(() => requireSamlResponse({}));
    refused(() => requireSamlResponse(undefined));
    refused(() => requireSamlResponse({ SAMLResponse: ['a', 'b'] }));
    refused(() => requireSamlResponse({ SAMLResponse: 'PD94', SAMLRequest: 'PD94' }));
  });

  it('localRelayState: only a local path (one leading slash, not // or /\\, no whitespace)', () => {
    expect(localRelayState(undefined)).toBeNull();
    expect(localRelayState('')).toBeNull();
    expect(localRelayState('/')).toBe('/');
    expect(localRelayState('/acme/PlanningSpace/#/generateApiKey')).toBe('/acme/PlanningSpace/#/generateApiKey');
    for (const bad of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'evil',
      '/\t/evil.example',
      '/\n/evil',
      '/a\\b',
      ' /x',
      '/' + 'a'.repeat(2048),
    ]) {
      refused(() => localRelayState(bad));
    }
    refused(() => localRelayState(['/a']));
  });

  it('checkIssuer: the assertion Issuer is the tenant idpEntityId, exactly', () => {
    expect(() => checkIssuer(assertion(), tenant())).not.toThrow();
    refused(() => checkIssuer(assertion({ issuer: 'https://IDP.example/metadata' }), tenant()));
    refused(() => checkIssuer(assertion({ issuer: null }), tenant()));
    refused(() => checkIssuer(assertion(), tenant({ idpEntityId: null })));
  });

  it('wholeNameId: the whole text of the NameID, also across a comment, and it must agree with node-saml', () => {
    expect(wholeNameId(assertion())).toBe('first.last@domain.mycompany.com');
    const commented = assertion({ assertionXml: assertionXml('victim@domain.mycompany.com<!---->.evil.com'), nameId: 'victim@domain.mycompany.com.evil.com' });
    expect(wholeNameId(commented)).toBe('victim@domain.mycompany.com.evil.com');
    // A parser that stopped at the comment would have read only the first part: refused.
    refused(() => wholeNameId({ ...commented, nameId: 'victim@domain.mycompany.com' }));
    refused(() => wholeNameId(assertion({ assertionXml: assertionXml(''), nameId: '' })));
    refused(() => wholeNameId(assertion({ assertionXml: '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"/>' })));
  });

  it('checkAllowedDomain: the NameID domain exactly, case-insensitively', () => {
    expect(() => checkAllowedDomain('First.Last@DOMAIN.mycompany.com', tenant())).not.toThrow();
    for (const bad of [
      'a@sub.domain.mycompany.com',
      'a@mycompany.com',
      'a@domain.mycompany.com.evil.com',
      'a@evil.com@domain.mycompany.com',
      'domain.mycompany.com',
      '@domain.mycompany.com',
      'a@',
    ]) {
      refused(() => checkAllowedDomain(bad, tenant()));
    }
    refused(() => checkAllowedDomain('a@domain.mycompany.com', tenant({ allowedDomains: [] })));
  });

  it('checkAccountExists: a SAML2 account of this tenant, no automatic creation', () => {
    expect(checkAccountExists(user(), tenant(), 'x')).toEqual(user());
    refused(() => checkAccountExists(null, tenant(), 'x'));
    refused(() => checkAccountExists(user({ type: 'Local' }), tenant(), 'x'));
    refused(() => checkAccountExists(user({ tenantId: 8 }), tenant(), 'x'));
  });

  it('checkAccountActive and checkSaml2Enabled', () => {
    expect(() => checkAccountActive(user(), tenant())).not.toThrow();
    refused(() => checkAccountActive(user({ locked: true }), tenant()));
    refused(() => checkAccountActive(user({ deactivated: true }), tenant()));
    expect(() => checkSaml2Enabled(tenant())).not.toThrow();
    refused(() => checkSaml2Enabled(tenant({}, false)));
  });

  it('requireAssertionId: an ID short enough for the replay table', () => {
    expect(requireAssertionId(assertion())).toBe('_a');
    refused(() => requireAssertionId(assertion({ assertionId: null })));
    refused(() => requireAssertionId(assertion({ assertionId: '_' + 'a'.repeat(255) })));
  });

  it('displayNameUpdate and displayNameAttribute: a sent display name, trimmed, when it changes', () => {
    expect(displayNameAttribute({ displayName: 'First Last' })).toBe('First Last');
    expect(displayNameAttribute({ 'urn:oid:2.16.840.1.113730.3.1.241': 'F L' })).toBe('F L');
    expect(displayNameAttribute({ displayName: ['a', 'b'] })).toBeNull();
    expect(displayNameAttribute(undefined)).toBeNull();
    expect(displayNameUpdate(assertion({ displayName: '  First Last ' }), user())).toBe('First Last');
    expect(displayNameUpdate(assertion({ displayName: 'First' }), user())).toBeNull();
    expect(displayNameUpdate(assertion({ displayName: '   ' }), user())).toBeNull();
    expect(displayNameUpdate(assertion({ displayName: 'x'.repeat(201) }), user())).toBeNull();
  });
});
