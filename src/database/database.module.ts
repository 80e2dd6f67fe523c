import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { SecretMismatchError } from '../core/crypto/secret-verifier';
import { dataSourceOptions } from './data-source-options';
import { checkSecret } from './secret-check';
import { PlannerStatistics } from './planner-statistics.provider';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => ({
        ...(await dataSourceOptions(config.database)),
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
  providers: [PlannerStatistics],
})
export class DatabaseModule {}
