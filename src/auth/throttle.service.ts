import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ThrottledError, UnauthorizedError } from '../access/auth.errors';
import { ChangeTracker, GenerationCache } from '../core/cache/change-tracker';
import { AuthFailure } from './auth-failure.entity';

const WINDOW_MS = 60_000;
/** Failures allowed per address and minute; the next request with credentials gets 429. */
const FAILURE_LIMIT = 20;

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

  constructor(
    @InjectRepository(AuthFailure) private readonly failures: Repository<AuthFailure>,
    tracker: ChangeTracker,
  ) {
    this.counters = new GenerationCache(tracker, 'throttle');
  }

  /**
   * The one throttle around a credential check (guard, sign-in, IPS administration, SAML):
   * a throttled address gets 429 before the check runs; a 401 from the check counts as a
   * failure, and the failure that goes past the limit is answered 429 instead.
   */
  async around<T>(address: string, check: () => Promise<T>): Promise<T> {
    const wait = await this.retryAfter(address);
    if (wait) throw new ThrottledError(wait);
    try {
      return await check();
    } catch (error) {
      if (error instanceof UnauthorizedError) {
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
    if (counter.failures < FAILURE_LIMIT || now - counter.windowStart >= WINDOW_MS) return 0;
    return this.secondsLeft(counter, now);
  }

  /**
   * Counts one failure. Returns the seconds to wait when this failure went past the limit
   * (0 otherwise): requests that passed retryAfter() together, before any of their failures
   * was counted, must not each get a 401 — the caller answers 429 instead, so a parallel
   * burst gets no more 401s than a sequential one.
   */
  async recordFailure(address: string): Promise<number> {
    const now = Date.now();
    const windowFloor = String(now - WINDOW_MS);
    // Count in the current window with one atomic UPDATE; else start a new window.
    const counted = await this.failures
      .createQueryBuilder()
      .update(AuthFailure)
      .set({ failures: () => 'failures + 1' })
      .where('address = :address AND windowStart > :floor', { address, floor: windowFloor })
      .execute();
    if (!counted.affected) {
      const restarted = await this.failures.update({ address }, { windowStart: String(now), failures: 1 });
      if (!restarted.affected) {
        await this.failures
          .createQueryBuilder()
          .insert()
          .into(AuthFailure)
          .values({ address, windowStart: String(now), failures: 1 })
          .orIgnore()
          .execute();
      }
    }
    const row = await this.failures.findOneBy({ address });
    if (!row) return 0;
    const counter = { windowStart: Number(row.windowStart), failures: row.failures };
    this.counters.set(address, counter);
    return counter.failures > FAILURE_LIMIT ? this.secondsLeft(counter, now) : 0;
  }

  private secondsLeft(counter: Counter, now: number): number {
    return Math.max(1, Math.ceil((counter.windowStart + WINDOW_MS - now) / 1000));
  }
}
