import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { refreshPlannerStatistics } from '../core/persistence/planner-statistics';

/** Brings the planner's statistics up to date once the migrations have run (see planner-statistics.ts). */
@Injectable()
export class PlannerStatistics implements OnApplicationBootstrap {
  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): Promise<void> {
    return refreshPlannerStatistics(this.dataSource, 'startup');
  }
}
