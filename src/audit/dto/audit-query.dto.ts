import { IntegerQuery } from '../../core/validation/integer-query';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class AuditQueryDto {
  /** Number of events to return (1-1000, default 100). */
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  /** Return events older than this event id (for paging). */
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  before?: number;
}
