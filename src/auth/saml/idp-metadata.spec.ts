import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../core/errors/domain-error';
import { parseIdpMetadata } from './idp-metadata';

describe('IdP metadata import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ips-idp-metadata-'));
  const certBody = (name: string) => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${name}`,
        '-keyout',
        join(dir, `${name}.key`),
        '-out',
        join(dir, `${name}.pem`),
      ],
      { stdio: 'pipe' },
    );
    return readFileSync(join(dir, `${name}.pem`), 'utf8').replace(/-----[A-Z ]+-----|\s/g, '');
  };
  let one: string;
  let two: string;
  let three: string;
  beforeAll(() => {
    [one, two, three] = ['one', 'two', 'three'].map(certBody);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const key = (body: string, use: string | null = 'signing') =>
    `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\n${body.match(/.{1,76}/g)!.join('\n')}\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
  const metadata = (inner: string, entityId = 'https://idp.example/entity', root = 'md:EntityDescriptor') =>
    `<${root} xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${inner}</md:IDPSSODescriptor></${root}>`;
  const redirect = '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/>';
  const post = '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example/post"/>';
  const message = (xml: string) => {
    try {
      parseIdpMetadata(xml);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('bad-request');
      return (error as DomainError).message;
    }
    throw new Error('no error');
  };

  it('reads the entity ID, the HTTP-Redirect SSO URL and the signing certificates as PEM', () => {
    const parsed = parseIdpMetadata(`<?xml version="1.0"?>\n` + metadata(key(one) + key(two, 'encryption') + key(three, null) + post + redirect));
    expect(parsed.idpEntityId).toBe('https://idp.example/entity');
    expect(parsed.idpSsoUrl).toBe('https://idp.example/sso');
    expect(parsed.certificates.map((pem) => pem.replace(/-----[A-Z ]+-----|\s/g, ''))).toEqual([one, three]);
    expect(parsed.certificates[0]).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----$/);
  });

  it('keeps at most two signing certificates, without duplicates', () => {
    expect(parseIdpMetadata(metadata(key(one) + key(one) + key(two) + key(three) + redirect)).certificates).toHaveLength(2);
  });

  it('takes the one EntityDescriptor of an EntitiesDescriptor', () => {
    const inner = metadata(key(one) + redirect);
    const wrapped = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${inner}</md:EntitiesDescriptor>`;
    expect(parseIdpMetadata(wrapped).idpEntityId).toBe('https://idp.example/entity');
  });

  it('names what is missing or wrong', () => {
    expect(message('<md:EntityDescriptor')).toMatch(/not well-formed/);
    expect(message('')).toMatch(/not well-formed/);
    expect(message('<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>')).toMatch(/not well-formed/);
    expect(message('<EntityDescriptor entityID="x"/>')).toMatch(/md:EntityDescriptor/);
    expect(message(metadata(key(one) + redirect, ''))).toMatch(/entityID/);
    expect(message(metadata(key(one) + post))).toMatch(/SingleSignOnService with the HTTP-Redirect binding/);
    expect(message(metadata(redirect))).toMatch(/signing certificate/);
    expect(message(metadata(key(two, 'encryption') + redirect))).toMatch(/signing certificate/);
    expect(message(metadata(post))).toMatch(/HTTP-Redirect.*signing certificate/);
    expect(message(metadata(key('bm90IGEgY2VydA==') + redirect))).toMatch(/not a valid certificate/);
    expect(message(metadata(key(one) + redirect.replace('https://idp.example/sso', 'javascript:alert(1)')))).toMatch(/http\(s\) URL/);
    expect(message('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>')).toMatch(/IDPSSODescriptor/);
  });
});
