import { Transform } from 'class-transformer';

/**
 * A query parameter read as an integer from plain decimal digits only. `@Type(() => Number)`
 * turned `0x10`, `1e3`, `1.0` and ` 5` into numbers; here anything but digits stays a
 * string, so the IsInt that follows refuses it with a 400 naming the parameter.
 */
export const IntegerQuery = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?[0-9]{1,16}$/.test(value) ? Number(value) : value));
