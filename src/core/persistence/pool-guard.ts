// mysql2's pool has no acquire timeout: with every connection stuck on a stalled database,
// a request would wait in its queue for ever. This guard bounds that wait; a connection that
// arrives after its requester gave up goes straight back to the pool.
import { ACQUIRE_TIMEOUT_CODE } from './database-unavailable';

const GUARDED = Symbol('ips-guarded');

/**
 * mysql2's query timeout fails the query but leaves the connection waiting for the stalled
 * server's answer, so the next user of that pooled connection would hang behind it. A
 * connection whose query timed out is destroyed instead (which also takes it out of the pool).
 */
function destroyOnQueryTimeout(connection: PooledConnection): void {
  if (connection[GUARDED]) return;
  connection[GUARDED] = true;
  const query = connection.query.bind(connection);
  connection.query = (...args: unknown[]) => {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = ((error: unknown, ...results: unknown[]) => {
        if ((error as { code?: string } | null)?.code === 'PROTOCOL_SEQUENCE_TIMEOUT') connection.destroy();
        (callback as QueryCallback)(error, ...results);
      }) satisfies QueryCallback;
    }
    return query(...args);
  };
}

type QueryCallback = (error: unknown, ...results: unknown[]) => void;
interface PooledConnection {
  release(): void;
  destroy(): void;
  query(...args: unknown[]): unknown;
  [GUARDED]?: true;
}
type Callback = (error: unknown, connection?: PooledConnection) => void;
interface GuardablePool {
  getConnection(callback: Callback): void;
}

export function guardPoolAcquire(pool: GuardablePool, timeoutMs: number): void {
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (callback: Callback) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      callback(Object.assign(new Error(`No database connection within ${timeoutMs} ms`), { code: ACQUIRE_TIMEOUT_CODE }));
    }, timeoutMs);
    getConnection((error, connection) => {
      if (settled) {
        if (!error) connection?.release();
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (connection) destroyOnQueryTimeout(connection);
      callback(error, connection);
    });
  };
}

/** Connections in use, idle and requests waiting, read from mysql2's pool (for /metrics). */
export function poolUsage(pool: unknown): { used: number; idle: number; waiting: number } | null {
  const p = pool as { _allConnections?: { length: number }; _freeConnections?: { length: number }; _connectionQueue?: { length: number } } | undefined;
  if (!p?._allConnections || !p._freeConnections || !p._connectionQueue) return null;
  const idle = p._freeConnections.length;
  return { used: p._allConnections.length - idle, idle, waiting: p._connectionQueue.length };
}
