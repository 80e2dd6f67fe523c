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
    return Math.max(1, Math.ceil((counter.windowStart + WINDOW_MS - now) / 1000));
  }

  async recordFailure(address: string): Promise<void> {
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
    if (row) this.remember(address, { windowStart: Number(row.windowStart), failures: row.failures, readAt: now });
  }

  private remember(address: string, counter: Counter): void {
    if (this.cache.size > 10_000) this.cache.clear(); // bounded memory under address spraying
    this.cache.set(address, counter);
  }
}
