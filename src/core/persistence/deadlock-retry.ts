// A transaction that loses a deadlock, or on a Galera cluster fails certification against a
// write committed on another node (reported as a deadlock, ER_LOCK_DEADLOCK), has been rolled
// back whole, so running it again is safe and is what the client wants: it is retried a few
// times before the error reaches the client (as a 503, see database-unavailable.ts).
import { EntityManager } from 'typeorm';

const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

function conflictCode(error: unknown): string | null {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && RETRYABLE.has(code) ? code : null;
}

export function isRetryableConflict(error: unknown): boolean {
  return conflictCode(error) !== null;
}

/**
 * Makes manager.transaction() (and so DataSource.transaction()) re-run a transaction that lost
 * a deadlock. `onRetry` hears the driver error code before each new attempt (for /metrics).
 */
export function retryDeadlockedTransactions(manager: EntityManager, attempts = 4, onRetry: (code: string) => void = () => undefined): void {
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = async (...args: unknown[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(...args);
      } catch (error) {
        const code = conflictCode(error);
        if (attempt >= attempts || code === null) throw error;
        onRetry(code);
        // A short, growing, jittered pause lets the winner commit first.
        await new Promise((r) => setTimeout(r, attempt * 20 + Math.random() * 20));
      }
    }
  };
}
