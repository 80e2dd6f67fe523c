import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthFailure } from './auth-failure.entity';

const WINDOW_MS = 60_000;
/** Failures allowed per address and minute; the next request with credentials gets 429. */
export const FAILURE_LIMIT = 20;
/** How long this process trusts its copy of an address's counter (SPEC 3: one second). */
const CACHE_MS = 1000;

interface Counter {
  windowStart: number;
  failures: number;
  readAt: number;
}

/**
 * Failed-credential throttling per client address (SPEC 5). The counter lives in the
 * database so that every server process enforces it; each process caches it for one
 * second, so a request that presents valid credentials costs no query in steady state.
 * Accounts are never locked by failures: only the address is slowed down.
 */
@Injectable()
export class ThrottleService {
  private readonly cache = new Map<string, Counter>();

  constructor(@InjectRepository(AuthFailure) private readonly failures: Repository<AuthFailure>) {}

  /** Seconds until the address may try again, or 0 when it is not throttled. */
  async retryAfter(address: string): Promise<number> {
    const now = Date.now();
    let counter = this.cache.get(address);
    if (!counter || now - counter.readAt >= CACHE_MS) {
      const row = await this.failures.findOneBy({ address });
      counter = { windowStart: row ? Number(row.windowStart) : 0, failures: row?.failures ?? 0, readAt: now };
      this.remember(address, counter);
    }
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
    const counter = { windowStart: Number(row.windowStart), failures: row.failures, readAt: now };
    this.remember(address, counter);
    return counter.failures > FAILURE_LIMIT ? this.secondsLeft(counter, now) : 0;
  }

  private secondsLeft(counter: Counter, now: number): number {
    return Math.max(1, Math.ceil((counter.windowStart + WINDOW_MS - now) / 1000));
  }

  private remember(address: string, counter: Counter): void {
    if (this.cache.size > 10_000) this.cache.clear(); // bounded memory under address spraying
    this.cache.set(address, counter);
  }
}
