// One readable line for a failed start-up, with a hint, instead of a JSON stack: what an
// operator reads first in `journalctl -u ips` or `docker logs`. Never the password.
import { DatabaseConfig } from './app-config';

const HINTS: Record<string, string> = {
  ECONNREFUSED: 'nothing listens there: is the database server running, and are host and port right?',
  ENOTFOUND: 'the host name does not resolve',
  ETIMEDOUT: 'no answer in time: a firewall, or the wrong host',
  EHOSTUNREACH: 'the host is unreachable',
  ER_ACCESS_DENIED_ERROR: 'user or password is wrong, or the user may not connect from this host',
  ER_DBACCESS_DENIED_ERROR: 'the user has no rights on this database (GRANT ALL ON db.* TO user)',
  ER_BAD_DB_ERROR: 'the database does not exist: CREATE DATABASE ips CHARACTER SET utf8mb4',
  SQLITE_CANTOPEN: 'the SQLite file cannot be opened: check the folder and its permissions',
  SQLITE_READONLY: 'the SQLite file is read-only for this user',
  SQLITE_NOTADB: 'the file is not an SQLite database',
  SQLITE_CORRUPT: 'the SQLite file is damaged: restore it from a backup',
};

/** Where the database is, for operators: host, port, database and user, never the password. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.type === 'sqlite') return `SQLite file ${database.path}`;
  const url = new URL(database.url);
  const user = decodeURIComponent(url.username) || '(none)';
  return `MySQL/MariaDB at ${url.hostname}:${url.port || '3306'}, database "${decodeURIComponent(url.pathname.slice(1))}", user "${user}"${url.password ? ' (with a password)' : ' (no password)'}`;
}

export function describeStartupError(error: unknown, database: DatabaseConfig): string {
  const e = error as { code?: unknown; message?: unknown; name?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0] : String(error);
  if (e?.name === 'SecretMismatchError') return `IPS server did not start: ${message}`;
  if (code && (code in HINTS || code.startsWith('ER_') || code.startsWith('SQLITE_'))) {
    return `IPS server did not start: cannot use the database (${describeDatabase(database)}): ${message} [${code}]. Hint: ${HINTS[code] ?? 'check DATABASE_URL'}`;
  }
  return `IPS server did not start: ${message}`;
}
