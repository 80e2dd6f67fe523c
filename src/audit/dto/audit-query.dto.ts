import { ApiPropertyOptional } from '@nestjs/swagger';
import { IntegerQuery } from '../../core/validation/integer-query';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class AuditQueryDto {
  /**
   * Number of events to return (1-1000, default 100).
   *
   * @example 100
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000 })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  /**
   * Return events older than this event id (for paging).
   *
   * @example 1234
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 1 })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  before?: number;
}
