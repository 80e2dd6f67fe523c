import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_STATUSES, ProjectStatus } from '../project.entity';

/** A planning project (SPEC 6). Amounts are JSON numbers with at most 2 decimals. */
export class ProjectView {
  id: number;

  name: string;

  region: string;

  @ApiProperty({ enum: PROJECT_STATUSES })
  status: ProjectStatus;

  owner: string | null;

  /** YYYY-MM-DD */
  @ApiProperty({ type: 'string', format: 'date' })
  startDate: string;

  capex: number;

  /** Net present value. */
  npv: number;

  updatedAt: Date;
}

/** One year of a project's cashflows. */
export class CashflowView {
  year: number;

  revenue: number;

  /** Operating expenditure. */
  opex: number;

  /** Capital expenditure. */
  capex: number;

  netCashflow: number;
}
