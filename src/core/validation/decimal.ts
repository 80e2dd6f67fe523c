import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A JSON number a DECIMAL(p, scale) column stores exactly: finite, within ±max, and with at
 * most `scale` decimal places. Decided on the number, not on String(value): serialisers
 * write 1e-7 or 1.5e2, where class-validator's maxDecimalPlaces read
 * String(value).split('.')[1] and threw (a 500). 150 written as 1.5e2 is accepted; 1e-7 is not.
 */
export function isDecimal(value: unknown, scale: number, max: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > max) return false;
  // Whole numbers have no decimal places, and need no string to tell (a 301-year PUT checks 1,204 amounts).
  if (Number.isInteger(value)) return true;
  // toFixed is exact decimal rounding of the double; below 1e21 it never uses an exponent.
  return Number(value.toFixed(scale)) === value;
}

export function IsDecimal(scale: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimal',
      constraints: [scale, max],
      validator: {
        validate: (value) => isDecimal(value, scale, max),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a number between -${max} and ${max} with at most ${scale} decimal places`,
      },
    },
    options,
  );
}

/** A calendar date YYYY-MM-DD that exists (2023-02-31 does not), from year 1000 (MariaDB's DATE range). */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a date YYYY-MM-DD that exists`,
      },
    },
    options,
  );
}
