import { Inject, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { guardPoolAcquire } from '../core/persistence/pool-guard';
import { dataSourceOptions } from './data-source-options';

/** Bounds the wait for a pooled MySQL connection (SQLite has no pool). */
@Injectable()
class PoolAcquireGuard {
  constructor(dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    const pool = (dataSource.driver as { pool?: Parameters<typeof guardPoolAcquire>[0] }).pool;
    if (pool) guardPoolAcquire(pool, config.databasePool.acquireTimeoutMs);
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
