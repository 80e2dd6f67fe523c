// A transaction that loses a deadlock, or on a Galera cluster fails certification against a
// write committed on another node (reported as a deadlock, ER_LOCK_DEADLOCK), has been rolled
// back whole, so running it again is safe and is what the client wants: it is retried a few
// times before the error reaches the client (as a 503, see database-unavailable.ts).
import { EntityManager } from 'typeorm';

const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

export function isRetryableConflict(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/** Makes manager.transaction() (and so DataSource.transaction()) re-run a transaction that lost a deadlock. */
export function retryDeadlockedTransactions(manager: EntityManager, attempts = 4): void {
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = async (...args: unknown[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(...args);
      } catch (error) {
        if (attempt >= attempts || !isRetryableConflict(error)) throw error;
        // A short, growing, jittered pause lets the winner commit first.
        await new Promise((r) => setTimeout(r, attempt * 20 + Math.random() * 20));
      }
    }
  };
}
