import { DomainError } from '../core/errors/domain-error';

export enum AuthErrorCode {
  InvalidCredentials = 'invalid-credentials',
  TooManyFailures = 'too-many-failures',
  TenantApiAccessDisabled = 'tenant-api-access-disabled',
  AccountLocked = 'account-locked',
  AccountDeactivated = 'account-deactivated',
  AccountApiAccessDisabled = 'account-api-access-disabled',
  LoginMethodDisabled = 'login-method-disabled',
  ApiKeyRoleMissing = 'api-key-role-missing',
  SamlKeyOutsideOData = 'saml-key-outside-odata',
  SessionRequired = 'session-required',
  PasswordOnODataOnly = 'password-odata-only',
  RoleMissing = 'role-missing',
  AdministratorsOnly = 'administrators-only',
  PasswordChangeRequired = 'password-change-required',
  CrossOrigin = 'cross-origin',
  UnsupportedMediaType = 'unsupported-media-type',
}

/**
 * The one 401 of every bad credential: same body whatever was wrong (SPEC 5). `realm` is the
 * Basic challenge to send — on OData and to requests that sent an Authorization header —
 * or null for none (website calls, so browsers show no login dialog).
 */
export class UnauthorizedError extends DomainError {
  constructor(realm: string | null) {
    super(
      'unauthorized',
      AuthErrorCode.InvalidCredentials,
      'Invalid or missing credentials',
      realm === null ? {} : { 'WWW-Authenticate': `Basic realm="${realm}", charset="UTF-8"` },
    );
  }
}

export class ThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('too-many-requests', AuthErrorCode.TooManyFailures, 'Too many failed sign-in attempts from this address; try again later', {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(message: string) {
    super('unsupported-media-type', AuthErrorCode.UnsupportedMediaType, message);
  }
}

export const crossOrigin = () =>
  new DomainError('forbidden', AuthErrorCode.CrossOrigin, 'Cross-origin request refused: a same-origin Origin header is required');
