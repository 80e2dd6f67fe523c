import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PROJECT_STATUSES, ProjectStatus } from '../project.entity';

const MONEY = 1e15; // DECIMAL(18,2)

/** A DECIMAL(18,2) amount: a finite JSON number with at most 2 decimal places. */
const Money = () => applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }), Min(-MONEY), Max(MONEY));

export class ProjectDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @IsString()
  @MinLength(1)
  @MaxLength(100)
  region: string;

  @IsIn(PROJECT_STATUSES)
  status: ProjectStatus;

  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  owner?: string | null;

  /** YYYY-MM-DD */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'startDate must be a date YYYY-MM-DD' })
  startDate: string;

  @Money()
  capex: number;

  @Money()
  npv: number;
}

export class CashflowDto {
  @IsInt()
  @Min(1900)
  @Max(2200)
  year: number;

  @Money()
  revenue: number;

  @Money()
  opex: number;

  @Money()
  capex: number;

  @Money()
  netCashflow: number;
}

export class ProjectListQueryDto {
  /** Page size (1-5000, default 1000). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  /** Return projects with a larger id (paging). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterId?: number;
}
