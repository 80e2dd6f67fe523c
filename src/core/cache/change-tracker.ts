import { Injectable } from '@nestjs/common';
import {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  RemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';
import { boundCounter, cacheLookups } from '../metrics/metrics';

// The one cache seam of the per-request read side (a user's roles, key owners, URL tenants,
// throttle counters): every cache is a GenerationCache, and every invalidation goes through
// the ChangeTracker. Cross-process invalidation plugs in here: a broadcaster (Redis pub/sub,
// redis-invalidation.ts) is told of every committed write to a watched table, and calls
// ChangeTracker.changed() when another process reports one.

/**
 * Counts writes to the tables that decide who may do what (SPEC 3 "Changes take effect").
 * Caches of authentication data stamp their entries with the generation they were read in
 * and drop them as soon as it moves: a change made by this process is seen on the very next
 * request. Entries also expire after one second, which bounds how long another process's
 * change can go unseen. The count moves on every write to a watched table and again when a
 * transaction that wrote one commits, so that nothing read while it was open (the old row,
 * on another connection) outlives its commit. A transaction that wrote no watched table
 * (a cashflow PUT) leaves every cache as it is.
 */
/** Tells the other server processes that something watched changed (e.g. over Redis pub/sub). */
export interface ChangeBroadcaster {
  /** Must not throw and must not wait long: it runs inside the commit of a write. */
  publish(): Promise<void>;
}

@Injectable()
export class ChangeTracker implements EntitySubscriberInterface {
  private count = 0;
  private broadcaster: ChangeBroadcaster | null = null;
  /** Transactions that wrote a watched table: the others are told at their commit, not before. */
  private readonly pending = new WeakSet<QueryRunner>();

  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  get generation(): number {
    return this.count;
  }

  broadcastTo(broadcaster: ChangeBroadcaster): void {
    this.broadcaster = broadcaster;
  }

  /** Called when another process reports a write, and for writes TypeORM cannot see (raw SQL writes must call it). */
  changed(): void {
    this.count++;
  }

  afterInsert(event: InsertEvent<unknown>): Promise<void> | void {
    return this.watchedWrite(event.metadata.tableName, event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<unknown>): Promise<void> | void {
    return this.watchedWrite(event.metadata.tableName, event.queryRunner);
  }

  afterRemove(event: RemoveEvent<unknown>): Promise<void> | void {
    return this.watchedWrite(event.metadata.tableName, event.queryRunner);
  }

  afterTransactionCommit(event: TransactionCommitEvent): Promise<void> | void {
    if (!this.pending.has(event.queryRunner)) return;
    this.pending.delete(event.queryRunner);
    this.count++;
    return this.broadcaster?.publish();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    // Nothing it wrote is there to be seen (the count already moved at each write).
    this.pending.delete(event.queryRunner);
  }

  private watchedWrite(table: string, queryRunner: QueryRunner | undefined): Promise<void> | void {
    if (!WATCHED.has(table)) return;
    this.count++;
    // Another process told before the commit could reload the old row and keep it; and this
    // process's caches must forget what they read while the transaction was open.
    if (queryRunner?.isTransactionActive) this.pending.add(queryRunner);
    else return this.broadcaster?.publish();
  }
}

/** Tables whose rows feed authentication and authorization decisions (sessions: sign-out, lock, password change end them). */
const WATCHED = new Set(['tenant', 'users', 'workgroup', 'workgroup_member', 'api_key', 'session']);

/** A small map whose entries live for one generation of the ChangeTracker and one second at most. */
export class GenerationCache<V> {
  private readonly entries = new Map<string, { value: V; generation: number; at: number }>();
  private readonly hits: { inc(): void };
  private readonly misses: { inc(): void };

  constructor(
    private readonly tracker: ChangeTracker,
    /** Names the cache in /metrics. */
    name: string,
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 1000,
  ) {
    this.hits = boundCounter(cacheLookups, { cache: name, result: 'hit' });
    this.misses = boundCounter(cacheLookups, { cache: name, result: 'miss' });
  }

  private get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== this.tracker.generation || Date.now() - entry.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * The cached value without loading it (undefined when absent or stale). Not counted in
   * /metrics: a request peeked at before Nest (src/early-throttle.hook.ts) and passed on is
   * looked up again by the guard, which counts it (one it refuses counts as throttled).
   */
  peek(key: string): V | undefined {
    return this.get(key);
  }

  /**
   * The cached value, counted as a hit; undefined when absent or stale, and then not counted:
   * the guard's synchronous path (AuthGuard.admitFromCache) falls back to getOrLoad, which
   * counts the miss.
   */
  cached(key: string): V | undefined {
    const value = this.get(key);
    if (value !== undefined) this.hits.inc();
    return value;
  }

  /** Replaces an entry with a value this process just wrote (it lives one generation and TTL like the others). */
  set(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, generation: this.tracker.generation, at: Date.now() });
  }

  /** The cached value, or the loader's, kept unless something changed while it loaded. */
  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.get(key);
    (cached === undefined ? this.misses : this.hits).inc();
    if (cached !== undefined) return cached;
    const generation = this.tracker.generation;
    const value = await load();
    if (generation === this.tracker.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { value, generation, at: Date.now() });
    }
    return value;
  }
}
