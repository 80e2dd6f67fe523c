// Optional Redis pub/sub for the cache seam (REDIS_URL): a committed write to a watched table
// is published, and every other server process drops its cached authentication data at once
// instead of within the one-second lifetime. Without Redis, or while it is away, the lifetime
// still bounds staleness; after a reconnect everything is dropped once, since messages sent
// meanwhile are lost (pub/sub delivers at most once).
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { cacheInvalidations } from '../metrics/metrics';
import { ChangeBroadcaster, ChangeTracker } from './change-tracker';

export const INVALIDATION_CHANNEL = 'ips:cache-invalidation';
/** A publish that Redis does not acknowledge in this time is given up (the TTL still applies). */
const PUBLISH_TIMEOUT_MS = 250;

@Injectable()
export class RedisInvalidation implements ChangeBroadcaster, OnModuleDestroy {
  private readonly logger = new Logger(RedisInvalidation.name);
  private readonly origin = randomUUID();
  private readonly publisher: Redis | null = null;
  private readonly subscriber: Redis | null = null;

  constructor(
    private readonly tracker: ChangeTracker,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    if (!config.redisUrl) return;
    // No offline queue: while Redis is away a publish fails at once instead of holding a commit.
    const options = { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false };
    this.publisher = new Redis(config.redisUrl, options);
    this.subscriber = new Redis(config.redisUrl, { ...options, enableOfflineQueue: true });
    let warned = false;
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => {
        if (!warned) this.logger.warn(`Redis unavailable, caches fall back to their one-second lifetime: ${error.message}`);
        warned = true;
      });
    }
    this.subscriber.on('ready', () => {
      warned = false;
      this.tracker.changed(); // whatever was published while we were away is lost
      this.subscriber!.subscribe(INVALIDATION_CHANNEL).catch((error: Error) => this.logger.warn(`Redis subscribe failed: ${error.message}`));
    });
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== INVALIDATION_CHANNEL || message === this.origin) return;
      cacheInvalidations.inc({ direction: 'received' });
      this.tracker.changed();
    });
    tracker.broadcastTo(this);
  }

  async publish(): Promise<void> {
    if (!this.publisher || this.publisher.status !== 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.publisher.publish(INVALIDATION_CHANNEL, this.origin),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('publish timed out')), PUBLISH_TIMEOUT_MS))),
      ]);
      cacheInvalidations.inc({ direction: 'published' });
    } catch (error) {
      this.logger.warn(`Could not publish a cache invalidation: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    const clients = [this.publisher, this.subscriber].filter((client): client is Redis => client !== null);
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}
