import { DomainError } from '../../core/errors/domain-error';

export enum SamlErrorCode {
  SignOnRejected = 'saml-sign-on-rejected',
  Disabled = 'saml-disabled',
  NotConfigured = 'saml-not-configured',
  PublicUrlRequired = 'public-url-required',
  InvalidRelayState = 'saml-invalid-relay-state',
  InvalidMetadata = 'saml-invalid-metadata',
}

/**
 * Why one ACS step refused a response. The reason goes to the server log only: the
 * client gets the one SamlSignOnRejectedError, whatever was wrong.
 */
export class SamlRejection extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The one 401 of every refused SAML response (SPEC 5: non-leaking). */
export class SamlSignOnRejectedError extends DomainError {
  constructor() {
    super('unauthorized', SamlErrorCode.SignOnRejected, 'Single sign-on failed. Please try again or contact your administrator.');
  }
}
