// mysql2's pool has no acquire timeout: with every connection stuck on a stalled database,
// a request would wait in its queue for ever. This guard bounds that wait; a connection that
// arrives after its requester gave up goes straight back to the pool.
import { ACQUIRE_TIMEOUT_CODE } from './database-unavailable';

const GUARDED = Symbol('ips-guarded');

/**
 * mysql2's query timeout fails the query but leaves the connection waiting for the stalled
 * server's answer, so the next user of that pooled connection would hang behind it. Such a
 * connection still has the query as its current command when it is given back: it is
 * destroyed then (which also takes it out of the pool) instead of returned.
 *
 * Checked at release rather than by wrapping each query's callback, as it was: with the
 * callback wrapped, nearly every result set outlived two young-generation collections and went
 * to the old generation (3-4 MB a scavenge during an export on MariaDB, against 10 KB without;
 * --trace-gc-nvp, the same TypeORM reads alone), and the export's peak RSS at 1,000,000 rows
 * reached 300 MB. Why V8 kept them is not known; the wrapper was the difference.
 */
function destroyWhenReleasedBusy(connection: PooledConnection): void {
  if (connection[GUARDED]) return;
  connection[GUARDED] = true;
  const release = connection.release;
  connection.release = function (this: PooledConnection) {
    // mysql2 clears _command before it calls a finished query's callback.
    if (this._command) this.destroy();
    else release.call(this);
  };
}

interface PooledConnection {
  release(): void;
  destroy(): void;
  /** The command mysql2 is running on the connection (private: read only to tell a stalled one). */
  _command?: unknown;
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
      if (connection) destroyWhenReleasedBusy(connection);
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
