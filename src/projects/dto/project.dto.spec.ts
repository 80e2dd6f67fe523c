import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { CashflowDto, isCertainlyValidCashflow } from './project.dto';

const classValidatorAccepts = (item: object) => validateSync(plainToInstance(CashflowDto, item), { whitelist: true, forbidNonWhitelisted: true }).length === 0;

const cents = fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 100);
const anyValue = fc.oneof(
  cents,
  fc.double(),
  fc.integer({ min: 1850, max: 2250 }),
  fc.constantFrom(1e15, -1e15, 1e15 + 2, 1e-7, 0.005, -0, NaN, Infinity, -Infinity, 2200.5, 1900),
  fc.string(),
  fc.constantFrom(null, true, '2030', [], {}),
);
const validItem = fc.record({
  year: fc.integer({ min: 1900, max: 2200 }),
  revenue: cents,
  opex: cents,
  capex: fc.constantFrom(0, 1e15, -1e15, 1.5e2),
  netCashflow: cents,
});
const field = fc.constantFrom('year', 'revenue', 'opex', 'capex', 'netCashflow', 'extra', 'Year');
/** Arbitrary objects, and valid items with one field changed, added or removed: the edges. */
const item = fc.oneof(
  fc.dictionary(field, anyValue),
  fc.tuple(validItem, field, anyValue).map(([valid, key, value]) => ({ ...valid, [key]: value })),
  fc.tuple(validItem, field).map(([valid, key]) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
);

describe('isCertainlyValidCashflow (the plain check before class-validator)', () => {
  it('never accepts an item class-validator refuses', () => {
    fc.assert(
      fc.property(item, (candidate) => !isCertainlyValidCashflow(candidate) || classValidatorAccepts(candidate)),
      { numRuns: 5000 },
    );
  });

  it('accepts the valid items, so they skip class-transformer and class-validator', () => {
    fc.assert(fc.property(validItem, (candidate) => isCertainlyValidCashflow(candidate) && classValidatorAccepts(candidate)));
  });

  it('leaves the edges to class-validator', () => {
    const flow = { year: 2030, revenue: 1, opex: 1, capex: 0, netCashflow: 0 };
    for (const bad of [
      { ...flow, year: 1899 },
      { ...flow, year: 2030.5 },
      { ...flow, revenue: 1e-7 },
      { ...flow, revenue: 1e15 + 2 },
      { ...flow, opex: '1' },
      { ...flow, extra: 1 },
      { year: 2030, revenue: 1, opex: 1, capex: 0 },
    ]) {
      expect(isCertainlyValidCashflow(bad)).toBe(false);
      expect(classValidatorAccepts(bad)).toBe(false);
    }
  });
});
