// Turns anything thrown into the facts of an HTTP answer. Each surface's filter (Web API
// JSON, OData JSON, HTML pages) formats the body its own way from the same Problem.
import { HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { DomainError } from './domain-error';
import { databaseUnavailable, isDatabaseUnavailable } from '../persistence/database-unavailable';

export interface Problem {
  status: number;
  code: string;
  message: string;
  headers: Readonly<Record<string, string>>;
}

const logger = new Logger('Errors');
const codeOf = (status: number) => (STATUS_CODES[status] ?? 'Error').replace(/ /g, '');

/** `where` names the route for the log line of an unexpected error (a logged 500 with no internals in the body). */
export function problemOf(exception: unknown, where: string): Problem {
  if (exception instanceof DomainError) {
    return { status: exception.status, code: exception.code, message: exception.message, headers: exception.headers };
  }
  if (exception instanceof HttpException) {
    const body = exception.getResponse() as string | { message?: string | string[] };
    const message = typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? exception.message);
    return { status: exception.getStatus(), code: codeOf(exception.getStatus()), message, headers: {} };
  }
  const status = (exception as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own client errors (e.g. a malformed JSON body).
    return { status, code: codeOf(status), message: (exception as Error).message, headers: {} };
  }
  if (isDatabaseUnavailable(exception)) {
    logger.warn(`Database unavailable on ${where}: ${(exception as Error)?.message ?? String(exception)}`);
    return problemOf(databaseUnavailable(), where);
  }
  logger.error(`Unhandled error on ${where}: ${(exception as Error)?.stack ?? String(exception)}`);
  return { status: 500, code: 'InternalServerError', message: 'Internal server error', headers: {} };
}
