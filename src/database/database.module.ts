import { Inject, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { SecretMismatchError } from '../core/crypto/secret-verifier';
import { observePool, transactionRetries } from '../core/metrics/metrics';
import { retryDeadlockedTransactions } from '../core/persistence/deadlock-retry';
import { guardPoolAcquire, poolUsage } from '../core/persistence/pool-guard';
import { dataSourceOptions } from './data-source-options';
import { PlannerStatistics } from './planner-statistics.provider';
import { checkSecret } from './secret-check';
import { WalCheckpoints } from './wal-checkpoints.provider';

/** Retries deadlocked transactions, bounds the wait for a pooled MySQL connection and shows the pool in /metrics (SQLite has no pool). */
@Injectable()
class PoolAcquireGuard {
  constructor(dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    retryDeadlockedTransactions(dataSource.manager, 4, (code) => transactionRetries.inc({ code }));
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
      useFactory: async (config: AppConfig) => ({
        ...(await dataSourceOptions(config.database, config.databasePool)),
        migrationsRun: true,
        // A changed IPS_SECRET is not a connection problem: retrying cannot fix it.
        toRetry: (error: unknown) => !(error instanceof SecretMismatchError),
        // Checked before any module starts, so nothing runs with a secret that does not fit.
        secret: config.secret,
      }),
      dataSourceFactory: async (options) => {
        const { secret, ...rest } = options as DataSourceOptions & { secret: string };
        const dataSource = await new DataSource(rest).initialize();
        try {
          await checkSecret(dataSource, secret);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
  providers: [PlannerStatistics, PoolAcquireGuard, WalCheckpoints],
})
export class DatabaseModule {}
