import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IntegerQuery } from '../../core/validation/integer-query';
import { applyDecorators } from '@nestjs/common';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsDecimal, isDecimal } from '../../core/validation/decimal';
import { PROJECT_STATUSES, ProjectStatus } from '../project.entity';

const MONEY = 1e15; // DECIMAL(18,2)

/**
 * A DECIMAL(18,2) amount: a finite JSON number with at most 2 decimal places, in any notation
 * (1.5e2 is 150). IsNumber, Min and Max stay for the OpenAPI schema the Swagger plugin derives.
 */
const Money = () => applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), Min(-MONEY), Max(MONEY), IsDecimal(2, MONEY));

export class ProjectDto {
  /** @example "North Sea Field A" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** @example Europe */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  region: string;

  /** @example Approved */
  @IsIn(PROJECT_STATUSES)
  status: ProjectStatus;

  /** @example "Ada Analyst" */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  owner?: string | null;

  /**
   * YYYY-MM-DD
   *
   * @example "2027-01-01"
   */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'startDate must be a date YYYY-MM-DD' })
  @IsCalendarDate()
  startDate: string;

  /** @example 125000000.5 */
  @Money()
  capex: number;

  /** @example 48250000 */
  @Money()
  npv: number;
}

const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;
/** One cashflow per year: a longer array can never be valid, so it is refused before any item is read. */
export const MAX_CASHFLOWS = LAST_YEAR - FIRST_YEAR + 1;
/**
 * The body limit of a cashflow PUT. The largest valid array (301 years, every amount at its
 * widest, -999999999999999.99) is 41 KB compact and 61 KB indented by four spaces with CRLF
 * line ends: twice that still fits. Anything longer can only be padding or unknown keys, and
 * every byte accepted is parsed on the event loop (issue 10: 256 KiB bodies of unknown keys
 * cost 6 ms each).
 */
export const CASHFLOW_BODY_LIMIT = 128 * 1024;

export class CashflowDto {
  /** @example 2030 */
  @ApiProperty({ type: 'integer', minimum: 1900, maximum: 2200, example: 2030 })
  @IsInt()
  @Min(FIRST_YEAR)
  @Max(LAST_YEAR)
  year: number;

  /** @example 52000000 */
  @Money()
  revenue: number;

  /** @example 12500000.25 */
  @Money()
  opex: number;

  /** @example 3000000 */
  @Money()
  capex: number;

  /** @example 36499999.75 */
  @Money()
  netCashflow: number;
}

const CASHFLOW_KEYS = new Set(['year', 'revenue', 'opex', 'capex', 'netCashflow']);
const isMoney = (value: unknown) => isDecimal(value, 2, MONEY);

/**
 * The plain check of a cashflow item (BoundedArrayPipe's `certainlyValid`): exactly the five
 * fields, each as the decorators above demand. A 301-item PUT then costs a few µs an item
 * instead of class-transformer's and class-validator's 40 (issue 10). Anything else goes
 * through class-validator, which names the field; project.dto.spec.ts checks that this
 * never accepts what class-validator refuses.
 */
export function isCertainlyValidCashflow(item: Record<string, unknown>): boolean {
  // for-in over a parsed object reads V8's enum cache: Object.keys allocated an array per item.
  let keys = 0;
  for (const key in item) {
    if (!Object.hasOwn(item, key) || !CASHFLOW_KEYS.has(key)) return false;
    keys++;
  }
  if (keys !== CASHFLOW_KEYS.size) return false;
  const year = item.year;
  return (
    typeof year === 'number' &&
    Number.isInteger(year) &&
    year >= FIRST_YEAR &&
    year <= LAST_YEAR &&
    isMoney(item.revenue) &&
    isMoney(item.opex) &&
    isMoney(item.capex) &&
    isMoney(item.netCashflow)
  );
}

export class ProjectListQueryDto {
  /**
   * Page size (1-5000, default 1000).
   *
   * @example 100
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5000 })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  /**
   * Return projects with a larger id (paging).
   *
   * @example 42
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Return projects with a larger id (paging); 0, the default, starts at the first.' })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(0)
  afterId?: number;
}
