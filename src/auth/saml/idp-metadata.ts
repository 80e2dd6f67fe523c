// Reads an identity provider's SAML metadata XML (what administrators download from their
// IdP) into the tenant's saml settings: entity ID, HTTP-Redirect SSO URL, signing
// certificates. A real XML parser (xmldom), namespaces checked; what is missing is named.
import { DOMParser } from '@xmldom/xmldom';
import { X509Certificate } from 'node:crypto';
import { badRequest } from '../../core/errors/domain-error';
import { SamlErrorCode } from './saml.errors';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const MAX_CERTIFICATES = 2;

export interface IdpMetadata {
  idpEntityId: string;
  idpSsoUrl: string;
  /** PEM, the first one or two signing certificates in document order. */
  certificates: string[];
}

const invalid = (message: string) => badRequest(SamlErrorCode.InvalidMetadata, message);

function children(parent: Element, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let i = 0; i < parent.childNodes.length; i++) {
    const node = parent.childNodes[i] as Element;
    if (node.nodeType === 1 && node.namespaceURI === ns && node.localName === localName) found.push(node);
  }
  return found;
}

function toPem(base64: string): string {
  const body = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw invalid('metadataXml: an X509Certificate is not base64');
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`;
  try {
    new X509Certificate(pem);
  } catch {
    throw invalid('metadataXml: an X509Certificate is not a valid certificate');
  }
  return pem;
}

export function parseIdpMetadata(xml: string): IdpMetadata {
  const errors: string[] = [];
  const doc = new DOMParser({
    locator: {},
    errorHandler: { warning: () => undefined, error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) },
  }).parseFromString(xml, 'text/xml');
  // A DOCTYPE is never part of metadata and is how entity-expansion attacks start.
  if (errors.length || !doc?.documentElement || doc.doctype) throw invalid('metadataXml is not well-formed XML');

  let entity: Element = doc.documentElement;
  if (entity.namespaceURI === MD && entity.localName === 'EntitiesDescriptor') {
    const entities = children(entity, MD, 'EntityDescriptor');
    if (entities.length !== 1) throw invalid('metadataXml: an EntitiesDescriptor must hold exactly one EntityDescriptor');
    entity = entities[0];
  }
  if (entity.namespaceURI !== MD || entity.localName !== 'EntityDescriptor')
    throw invalid('metadataXml: the root element must be a SAML 2.0 md:EntityDescriptor');

  const idpEntityId = entity.getAttribute('entityID')?.trim() ?? '';
  const missing: string[] = [];
  if (!idpEntityId) missing.push('the EntityDescriptor entityID');
  const idp = children(entity, MD, 'IDPSSODescriptor')[0];
  if (!idp) {
    missing.push('an IDPSSODescriptor');
    throw invalid(`metadataXml is missing ${missing.join(' and ')}`);
  }

  const redirect = children(idp, MD, 'SingleSignOnService').find((s) => s.getAttribute('Binding') === REDIRECT_BINDING);
  const idpSsoUrl = redirect?.getAttribute('Location')?.trim() ?? '';
  if (!idpSsoUrl) missing.push('a SingleSignOnService with the HTTP-Redirect binding');
  else if (!/^https?:\/\/\S+$/.test(idpSsoUrl) || idpSsoUrl.length > 2048)
    throw invalid('metadataXml: the SingleSignOnService Location must be an http(s) URL');

  const certificates: string[] = [];
  for (const key of children(idp, MD, 'KeyDescriptor')) {
    const use = key.getAttribute('use');
    if (use && use !== 'signing') continue; // no "use" means both signing and encryption
    for (const info of children(key, DS, 'KeyInfo')) {
      for (const data of children(info, DS, 'X509Data')) {
        for (const cert of children(data, DS, 'X509Certificate')) certificates.push(toPem(cert.textContent ?? ''));
      }
    }
  }
  const distinct = [...new Set(certificates)];
  if (distinct.length === 0) missing.push('a signing certificate (KeyDescriptor with an X509Certificate)');
  if (missing.length) throw invalid(`metadataXml is missing ${missing.join(', ')}`);
  if (idpEntityId.length > 1024) throw invalid('metadataXml: the entityID is longer than 1024 characters');
  return { idpEntityId, idpSsoUrl, certificates: distinct.slice(0, MAX_CERTIFICATES) };
}
