import { isCalendarDate, isDecimal } from './decimal';

describe('isDecimal (DECIMAL(18,2) amounts)', () => {
  it('accepts exact amounts in any notation', () => {
    for (const v of [0, -0, 1.5e2, 0.07, -12.5, 1e15, -1e15, 2.5e-1, 1234567.89]) expect([v, isDecimal(v, 2, 1e15)]).toEqual([v, true]);
  });
  it('refuses more decimals, out-of-range and non-finite numbers, and non-numbers', () => {
    for (const v of [1e-7, 1.005, 0.1 + 0.2, 1e21, 1e16, Infinity, NaN, '1', null]) expect([v, isDecimal(v, 2, 1e15)]).toEqual([v, false]);
  });
});

describe('isCalendarDate', () => {
  it('accepts dates that exist and refuses the others', () => {
    expect(['2024-02-29', '2000-02-29', '2023-12-31', '1000-01-01'].every(isCalendarDate)).toBe(true);
    expect(['2023-02-31', '2023-02-29', '1900-02-29', '2023-04-31', '2023-13-01', '0999-12-31', '2023-1-1', 20230101].some(isCalendarDate)).toBe(false);
  });
});
