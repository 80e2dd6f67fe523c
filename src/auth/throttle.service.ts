import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ThrottledError } from '../access/auth.errors';
import { DomainError } from '../core/errors/domain-error';
import { ChangeTracker, GenerationCache } from '../core/cache/change-tracker';
import { AuthFailure } from './auth-failure.entity';

const WINDOW_MS = 60_000;
/** Failures allowed per address and minute; the next request with credentials gets 429. */
const FAILURE_LIMIT = 20;

/** The failure every throttled check counts by default: a bad credential's 401. */
/** Every 401 to presented credentials counts (SPEC 5), whichever surface raised it. */
export const isBadCredential = (error: unknown) => error instanceof DomainError && error.kind === 'unauthorized';

interface Counter {
  windowStart: number;
  failures: number;
}

/**
 * Failed-credential throttling per client address (SPEC 5). The counter lives in the
 * database so that every server process enforces it; each process caches it through the one
 * cache seam (a second at most), so a request that presents valid credentials costs no query
 * in steady state. Accounts are never locked by failures: only the address is slowed down.
 */
@Injectable()
export class ThrottleService {
  private readonly counters: GenerationCache<Counter>;
  private lastCleanup = 0;

  constructor(
    @InjectRepository(AuthFailure) private readonly failures: Repository<AuthFailure>,
    tracker: ChangeTracker,
  ) {
    this.counters = new GenerationCache(tracker, 'throttle');
  }

  /**
   * The one throttle around a credential check (guard, sign-in, IPS administration, SAML,
   * the current password of a password change): a throttled address gets 429 before the
   * check runs; an error the check throws that `isFailure` accepts (by default the 401 of a
   * bad credential) counts as a failure, and the failure that goes past the limit is
   * answered 429 instead.
   */
  async around<T>(address: string, check: () => Promise<T>, isFailure: (error: unknown) => boolean = isBadCredential): Promise<T> {
    const wait = await this.retryAfter(address);
    if (wait) throw new ThrottledError(wait);
    try {
      return await check();
    } catch (error) {
      if (isFailure(error)) {
        const retryAfter = await this.recordFailure(address);
        if (retryAfter) throw new ThrottledError(retryAfter);
      }
      throw error;
    }
  }

  /** Seconds until the address may try again, or 0 when it is not throttled. */
  async retryAfter(address: string): Promise<number> {
    const now = Date.now();
    const counter = await this.counters.getOrLoad(address, async () => {
      const row = await this.failures.findOneBy({ address });
      return { windowStart: row ? Number(row.windowStart) : 0, failures: row?.failures ?? 0 };
    });
    return this.waitOf(counter, now);
  }

  /**
   * retryAfter() from this process's cache alone (0 when the address is not throttled or its
   * counter is not cached): lets a throttled flood be refused before the request reaches the
   * framework, without a query (src/early-throttle.hook.ts).
   */
  cachedRetryAfter(address: string): number {
    const counter = this.counters.peek(address);
    return counter ? this.waitOf(counter, Date.now()) : 0;
  }

  /** True when the address's counter is cached and does not throttle it (the guard's synchronous path). */
  isClearInCache(address: string): boolean {
    const counter = this.counters.cached(address);
    return counter !== undefined && this.waitOf(counter, Date.now()) === 0;
  }

  private waitOf(counter: Counter, now: number): number {
    if (counter.failures < FAILURE_LIMIT || now - counter.windowStart >= WINDOW_MS) return 0;
    return this.secondsLeft(counter, now);
  }

  /**
   * Counts one failure. Returns the seconds to wait when this failure went past the limit
   * (0 otherwise): requests that passed retryAfter() together, before any of their failures
   * was counted, must not each get a 401 — the caller answers 429 instead, so a parallel
   * burst gets no more 401s than a sequential one.
   *
   * The count is ONE atomic upsert (a row per address; the window restarts inside the same
   * statement when it has expired): the former UPDATE-else-reset-else-INSERT let concurrent
   * failures on MariaDB reset each other's count to 1. The decision uses the count that same
   * statement wrote, so a parallel burst gets exactly the 401s a sequential one gets.
   */
  async recordFailure(address: string): Promise<number> {
    const now = Date.now();
    const floor = now - WINDOW_MS;
    const mysql = this.failures.manager.connection.options.type !== 'better-sqlite3';
    // Both dialects evaluate each SET expression against the row as it was (MySQL's
    // left-to-right rule is safe here: windowStart, the only column read, is assigned last).
    // Each statement also hands back the count it wrote (this failure's position in the
    // window): RETURNING on SQLite, LAST_INSERT_ID(expr) in the OK packet on MySQL (0 there
    // when the row was inserted, i.e. the first failure). Deciding on that position, not on a
    // later read, keeps a parallel burst's first failures 401 as SPEC 5 asks ("not before the
    // 10th"); a read afterwards already counts the burst's later failures.
    const sql = mysql
      ? 'INSERT INTO `auth_failure` (`address`, `windowStart`, `failures`) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE ' +
        '`failures` = LAST_INSERT_ID(IF(`windowStart` > ?, `failures` + 1, 1)), `windowStart` = IF(`windowStart` > ?, `windowStart`, ?)'
      : 'INSERT INTO "auth_failure" ("address", "windowStart", "failures") VALUES (?, ?, 1) ON CONFLICT ("address") DO UPDATE SET ' +
        '"failures" = CASE WHEN "windowStart" > ? THEN "failures" + 1 ELSE 1 END, "windowStart" = CASE WHEN "windowStart" > ? THEN "windowStart" ELSE ? END ' +
        'RETURNING "failures"';
    const written: unknown = await this.failures.query(sql, [address, now, floor, floor, now]);
    const position = mysql
      ? Math.max(1, Number((written as { insertId?: number }).insertId ?? 0))
      : Number((written as { failures: number }[])[0]?.failures ?? 1);
    await this.deleteExpired(now);
    const row = await this.failures.findOneBy({ address });
    if (!row) return 0;
    const counter = { windowStart: Number(row.windowStart), failures: row.failures };
    this.counters.set(address, counter);
    return position > FAILURE_LIMIT ? this.secondsLeft(counter, now) : 0;
  }

  /**
   * Rows of windows that have ended are deleted, at most once a minute per process (the
   * table held one row per address ever seen). A deleted row reads as no failures, which
   * is what an expired window means anyway.
   */
  private async deleteExpired(now: number): Promise<void> {
    if (now - this.lastCleanup < WINDOW_MS) return;
    this.lastCleanup = now;
    await this.failures
      .createQueryBuilder()
      .delete()
      .from(AuthFailure)
      .where('windowStart <= :floor', { floor: now - WINDOW_MS })
      .execute();
  }

  private secondsLeft(counter: Counter, now: number): number {
    return Math.max(1, Math.ceil((counter.windowStart + WINDOW_MS - now) / 1000));
  }
}
