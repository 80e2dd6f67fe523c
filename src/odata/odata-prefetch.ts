// The next page of an entity set, read while the current one is sent (issue 11). A client
// that follows nextLinks (Power Query's export) waits for one round trip after another:
// client → server → database → server → client. Reading page n+1 as soon as page n's rows
// are known lets the database work while the server shapes and sends page n and the
// client reads it; the request for page n+1 then finds its rows read or on the way.
//
// Only the SQL result is kept, never an answer: the request for the nextLink goes through
// the guard and the service like any other, and takes the rows in place of its own query.
// Limit: PlanningDataVersion counts this process's writes. Another server process's write
// (behind a load balancer) is not seen, so a page read ahead before it can still be served
// up to PREFETCH_TTL_MS later, as the auth caches accept their one second for such changes.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Caller } from '../access/caller';
import { ChangeTracker } from '../core/cache/change-tracker';
import { ownTurn } from '../core/http/own-turn';
import { odataPrefetches } from '../core/metrics/metrics';
import { PlanningDataVersion } from '../projects/planning-data-version';
import { Row } from './odata-paging';

/** Rows read longer ago than this are not served: a fresh read costs one page, a stale one would be wrong for longer. */
export const PREFETCH_TTL_MS = 2000;
/** Pages kept at once (each at most 5001 rows), and reads running at once: a prefetch must never take the pool from requests. */
const MAX_ENTRIES = 32;
const MAX_RUNNING = 4;

/** The caller a prefetched page is kept for: the user, and the credential it came with. */
export function callerKey(caller: Caller): string {
  return `${caller.user.id}:${caller.kind}:${caller.apiKey?.id ?? ''}`;
}

interface Entry {
  tenantId: number;
  /** The rows, or null when the read failed (the request then reads them itself). */
  rows: Promise<Row[] | null>;
  at: number;
  /** The ChangeTracker's generation and the tenant's planning-data version before the read began. */
  generation: number;
  version: number;
  /** Drops the entry unused at the TTL; cleared when it goes earlier, or it would keep the rows alive until then. */
  expiry: NodeJS.Timeout;
}

@Injectable()
export class ODataPrefetch {
  /**
   * better-sqlite3 runs a query synchronously on the event loop: started at once, the read
   * ahead would hold back the page being answered. There it waits for a turn of the loop of
   * its own (ownTurn, shared with the other heavy steps), after this page has been written, and overlaps the client's reading of
   * it and its next request instead (scenario 7 on SQLite, same machine, alternated: 1.21 and
   * 1.22 of the driver's rows/s against 1.04 and 0.89 without). mysql2 sends the query at
   * once, so that the database works while this page is shaped and sent.
   */
  private readonly deferred: boolean;
  private readonly entries = new Map<string, Entry>();
  private running = 0;

  constructor(
    private readonly tracker: ChangeTracker,
    private readonly version: PlanningDataVersion,
    dataSource: DataSource,
  ) {
    this.deferred = dataSource.options.type === 'better-sqlite3';
  }

  /**
   * The entry's key: tenant, caller (user and credential) and the request as it will arrive
   * (page size, path, raw query with its $skiptoken). A page read for one caller is never
   * found by another, even of the same tenant, whatever the guard would let them see.
   */
  static key(tenantId: number, caller: string, pageSize: number, path: string, rawQuery: string): string {
    return JSON.stringify([tenantId, caller, pageSize, path, rawQuery]);
  }

  /** Starts `read` for the request `key` names, unless one is kept for it or too many run. */
  start(tenantId: number, key: string, read: () => Promise<Row[]>): void {
    if (this.entries.has(key) || this.running >= MAX_RUNNING) return;
    if (this.entries.size >= MAX_ENTRIES) this.evict(this.entries.keys().next().value!);
    // Noted before the query is sent: a write that finishes after this moves one of them.
    const [at, generation, version] = [Date.now(), this.tracker.generation, this.version.of(tenantId)];
    this.running++;
    const rows = (this.deferred ? ownTurn().then(read) : read()).catch(() => null).finally(() => this.running--);
    const expiry = setTimeout(() => this.evict(key), PREFETCH_TTL_MS).unref();
    this.entries.set(key, { tenantId, rows, at, generation, version, expiry });
  }

  /**
   * The rows read ahead for `key`, or null: the entry is dropped either way (one use). Null
   * when none was read, when it is older than the TTL, when the read failed, or when a
   * watched table or the tenant's planning data was written since the read began (before
   * or after the rows came back: a fresh query would see that write).
   */
  async take(key: string): Promise<Row[] | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    clearTimeout(entry.expiry);
    if (!this.fresh(entry)) return this.dropped();
    const rows = await entry.rows;
    if (rows === null || !this.fresh(entry)) return this.dropped();
    odataPrefetches.inc({ result: 'used' });
    return rows;
  }

  private fresh(entry: Entry): boolean {
    return Date.now() - entry.at < PREFETCH_TTL_MS && entry.generation === this.tracker.generation && entry.version === this.version.of(entry.tenantId);
  }

  private dropped(): null {
    odataPrefetches.inc({ result: 'dropped' });
    return null;
  }

  private evict(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    clearTimeout(entry.expiry);
    odataPrefetches.inc({ result: 'unused' });
  }
}
