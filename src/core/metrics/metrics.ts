// The process's Prometheus series (prom-client), defined once so that any layer can count
// without knowing the /metrics surface (src/observability serves them). Labels carry route
// templates, surfaces and reason codes only: never a key, a user name or a raw URL.
import { collectDefaultMetrics, Counter, Gauge, Histogram, LabelValues, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

/** Counts of bound series not yet added to their counters, by counter. */
const pendingCounts = new Map<Counter, Array<() => void>>();

/** Adds what the counter's bound series counted since the last read (its `collect`, run by /metrics). */
function foldPending(this: Counter): void {
  for (const fold of pendingCounts.get(this) ?? []) fold();
}

/**
 * One series of a counter with fixed labels, for counts taken several times per request:
 * prom-client hashes the label object on every inc (about half a microsecond), while this
 * adds to a number that is folded into the counter when /metrics is read. The counter must
 * be defined with `collect: foldPending`.
 */
export function boundCounter<T extends string>(counter: Counter<T>, labels: LabelValues<T>): { inc(): void } {
  let pending = 0;
  const folds = pendingCounts.get(counter) ?? [];
  pendingCounts.set(counter, folds);
  folds.push(() => {
    if (pending === 0) return;
    counter.inc(labels, pending);
    pending = 0;
  });
  return { inc: () => void pending++ };
}
collectDefaultMetrics({ register: metricsRegistry, prefix: 'ips_' });

export const httpRequests = new Counter({
  name: 'ips_http_requests_total',
  help: 'HTTP requests answered, by method, route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
  collect: foldPending,
});

export const httpDuration = new Histogram({
  name: 'ips_http_request_duration_seconds',
  help: 'Time from request to response, by method and route template',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

export const authOutcomes = new Counter({
  name: 'ips_auth_outcomes_total',
  help: 'Authentication decisions by surface, outcome (accepted, refused) and reason (credential kind or error code)',
  labelNames: ['surface', 'outcome', 'reason'] as const,
  registers: [metricsRegistry],
  collect: foldPending,
});

export const throttledRequests = new Counter({
  name: 'ips_throttled_requests_total',
  help: 'Requests refused with 429 because their client address had too many failed credentials',
  labelNames: ['surface'] as const,
  registers: [metricsRegistry],
});

export const cacheLookups = new Counter({
  name: 'ips_cache_lookups_total',
  help: 'Lookups in the per-process caches of authentication data, by cache and result (hit, miss)',
  labelNames: ['cache', 'result'] as const,
  registers: [metricsRegistry],
  collect: foldPending,
});

export const cacheInvalidations = new Counter({
  name: 'ips_cache_invalidations_total',
  help: 'Cross-process cache invalidations, by direction (published, received)',
  labelNames: ['direction'] as const,
  registers: [metricsRegistry],
});

export const odataPrefetches = new Counter({
  name: 'ips_odata_prefetches_total',
  help: 'OData next pages read ahead, by result (used, dropped: stale or invalidated when asked for, unused: expired unasked)',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

export const transactionRetries = new Counter({
  name: 'ips_db_transaction_retries_total',
  help: 'Transactions run again after losing a deadlock or a Galera certification conflict, by driver error code',
  labelNames: ['code'] as const,
  registers: [metricsRegistry],
});

type PoolUsage = { used: number; idle: number; waiting: number };
let poolSource: (() => PoolUsage | null) | null = null;

/** The database module tells where to read the pool from (MySQL only; SQLite has none). */
export function observePool(source: () => PoolUsage | null): void {
  poolSource = source;
}

new Gauge({
  name: 'ips_db_pool_connections',
  help: 'Database pool connections by state: used, idle, and waiting (requests queued for a connection)',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  collect() {
    const usage = poolSource?.() ?? { used: 0, idle: 0, waiting: 0 };
    this.set({ state: 'used' }, usage.used);
    this.set({ state: 'idle' }, usage.idle);
    this.set({ state: 'waiting' }, usage.waiting);
  },
});
