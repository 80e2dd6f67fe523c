import { DomainError } from '../../core/errors/domain-error';

/** Error codes of the OData feed (the `error.code` of its error body). */
export enum ODataErrorCode {
  BadRequest = 'BadRequest',
  NotImplemented = 'NotImplemented',
  MethodNotAllowed = 'MethodNotAllowed',
  EntityNotFound = 'entity-not-found',
  ResourceNotFound = 'resource-not-found',
}

/** Shortens client input before it is put into an error message (never more than ~100 chars echoed). */
export function clip(text: string, max = 40): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not be echoed
  const oneLine = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}...` : oneLine;
}

/**
 * Malformed or invalid query (HTTP 400): bad syntax, unknown property,
 * literal of the wrong type, bad $top/$skip, tampered $skiptoken, ...
 * `position` is a 0-based character offset into the (decoded) option value,
 * or 0 when no better position is known.
 */
export class ODataSyntaxError extends DomainError {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super('bad-request', ODataErrorCode.BadRequest, message);
    this.name = 'ODataSyntaxError';
  }
}

/**
 * Valid OData that this server deliberately does not support (HTTP 501):
 * $search, $compute, parameter aliases, ...
 */
export class ODataNotImplementedError extends DomainError {
  constructor(message: string) {
    super('not-implemented', ODataErrorCode.NotImplemented, message);
    this.name = 'ODataNotImplementedError';
  }
}

/**
 * A method other than GET/HEAD on the read-only feed (HTTP 405, with `Allow`).
 * Raised after authentication, so an anonymous POST still gets the 401 challenge.
 */
export class ODataMethodNotAllowedError extends DomainError {
  readonly allow = 'GET, HEAD';

  constructor(method: string) {
    super('method-not-allowed', ODataErrorCode.MethodNotAllowed, `${clip(method, 10)} is not allowed: the OData feed is read-only (GET, HEAD)`, {
      Allow: 'GET, HEAD',
    });
    this.name = 'ODataMethodNotAllowedError';
  }
}
