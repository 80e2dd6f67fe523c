import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_STATUSES, ProjectStatus } from '../project.entity';

/** A planning project (SPEC 6). Amounts are JSON numbers with at most 2 decimals. */
export class ProjectView {
  @ApiProperty({ type: 'integer', minimum: 1, example: 42 })
  id: number;

  /** @example "North Sea Field A" */
  name: string;

  /** @example Europe */
  region: string;

  /** @example Approved */
  @ApiProperty({ enum: PROJECT_STATUSES })
  status: ProjectStatus;

  /** @example "Ada Analyst" */
  owner: string | null;

  /**
   * YYYY-MM-DD
   *
   * @example "2027-01-01"
   */
  @ApiProperty({ type: 'string', format: 'date' })
  startDate: string;

  /** @example 125000000.5 */
  capex: number;

  /**
   * Net present value.
   *
   * @example 48250000
   */
  npv: number;

  /** @example "2026-01-31T09:30:00.000Z" */
  updatedAt: Date;
}

/** One year of a project's cashflows. */
export class CashflowView {
  /** @example 2030 */
  @ApiProperty({ type: 'integer', minimum: 1900, maximum: 2200, example: 2030 })
  year: number;

  /** @example 52000000 */
  revenue: number;

  /**
   * Operating expenditure.
   *
   * @example 12500000.25
   */
  opex: number;

  /**
   * Capital expenditure.
   *
   * @example 3000000
   */
  capex: number;

  /** @example 36499999.75 */
  netCashflow: number;
}
