import { Inject, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { observePool } from '../core/metrics/metrics';
import { retryDeadlockedTransactions } from '../core/persistence/deadlock-retry';
import { guardPoolAcquire, poolUsage } from '../core/persistence/pool-guard';
import { dataSourceOptions } from './data-source-options';

/** Retries deadlocked transactions, bounds the wait for a pooled MySQL connection and shows the pool in /metrics (SQLite has no pool). */
@Injectable()
class PoolAcquireGuard {
  constructor(dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    retryDeadlockedTransactions(dataSource.manager);
    const pool = (dataSource.driver as { pool?: Parameters<typeof guardPoolAcquire>[0] }).pool;
    if (!pool) return;
    guardPoolAcquire(pool, config.databasePool.acquireTimeoutMs);
    observePool(() => poolUsage(pool));
  }
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => ({ ...(await dataSourceOptions(config.database, config.databasePool)), migrationsRun: true }),
    }),
  ],
  providers: [PoolAcquireGuard],
})
export class DatabaseModule {}
