// A database that cannot be reached, is stalled or is not ready is a 503 with Retry-After
// (SPEC 2), never a 500: the request may succeed when retried, and nothing is wrong with it.
import { DomainError } from '../errors/domain-error';

export enum PersistenceErrorCode {
  DatabaseUnavailable = 'database-unavailable',
}

/** Seconds a client is asked to wait before retrying while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Raised by our own pool guard when no connection could be had in time. */
export const ACQUIRE_TIMEOUT_CODE = 'IPS_POOL_ACQUIRE_TIMEOUT';

const UNAVAILABLE_CODES = new Set([
  // the network and the socket
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // mysql2: a connection that died or a query/handshake that timed out
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  // the server refusing work: too many connections, shutting down, a Galera node not ready (WSREP)
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_UNKNOWN_COM_ERROR',
  'ER_QUERY_INTERRUPTED',
  'ER_CONNECTION_KILLED',
  // a deadlock or Galera certification conflict still lost after the retries (deadlock-retry.ts)
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  // SQLite: another process holds the write lock past busy_timeout
  'SQLITE_BUSY',
  ACQUIRE_TIMEOUT_CODE,
]);

const UNAVAILABLE_MESSAGES = [/connection is in closed state/i, /^Pool is closed/i, /Connection lost/i, /WSREP has not yet prepared node/i];

/** True when the error (or the driver error a TypeORM error wraps) says the database is not there. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; fatal?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    // mysql2 marks errors that ended the connection as fatal.
    if (e.fatal === true) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

export function databaseUnavailable(): DomainError {
  return new DomainError('service-unavailable', PersistenceErrorCode.DatabaseUnavailable, 'The database is not available; retry later', {
    'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
  });
}
