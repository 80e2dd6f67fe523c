import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { dataSourceOptions } from './data-source-options';
import { PlannerStatistics } from './planner-statistics.provider';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => ({ ...(await dataSourceOptions(config.database)), migrationsRun: true }),
    }),
  ],
  providers: [PlannerStatistics],
})
export class DatabaseModule {}
