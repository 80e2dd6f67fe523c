// Typed errors thrown by services (STYLE 8, 16). Each module has its own codes (an enum);
// an error carries its own HTTP facts — the status kind and any headers such as Retry-After
// or WWW-Authenticate — so each surface's filter only applies what the error says.
export type ErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'too-many-requests'
  | 'not-implemented'
  | 'service-unavailable';

const STATUS_OF: Record<ErrorKind, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  'not-implemented': 501,
  'service-unavailable': 503,
};

/**
 * A domain error is an answer (a 4xx or a 503), never logged with a stack: it is built
 * without one. Capturing the stack was most of the cost of refusing a request (a flood of
 * wrong keys or of throttled requests, npm run bench scenario 6, profiled).
 */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message); // Error's constructor cannot throw here
    Error.stackTraceLimit = limit;
  }

  get status(): number {
    return STATUS_OF[this.kind];
  }
}

/** Codes of errors raised by the HTTP plumbing itself, not by a feature. */
export enum CommonErrorCode {
  InvalidBody = 'invalid-body',
  InvalidParameter = 'invalid-parameter',
  InvalidHeader = 'invalid-header',
}

export const badRequest = (code: string, message: string) => new DomainError('bad-request', code, message);
export const notFound = (code: string, message: string) => new DomainError('not-found', code, message);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
