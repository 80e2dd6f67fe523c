/**
 * Property-based robustness test: hostile input given to parseFilter,
 * parseOrderBy and parseSelect may only ever throw ODataSyntaxError or
 * ODataNotImplementedError (never another error, never hang), and anything
 * that parses must translate into SQL that runs on SQLite without error.
 */
import 'reflect-metadata';
import * as fc from 'fast-check';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { EdmEntitySet } from './edm-model';
import { ODataNotImplementedError, ODataSyntaxError } from './odata-errors';
import { parseOrderBy } from './odata-orderby';
import { parseFilter, parseQueryOptions } from './odata-parser';
import { parseSelect } from './odata-select';
import { applyOrderBy } from './odata-keyset';
import { applyFilter } from './odata-to-typeorm';
import { ODATA_SYNTAX_TOKENS } from '../../../test/support/odata-fuzz-tokens';

@Entity('odata_fuzz_item')
class FuzzItem {
  @PrimaryColumn('int')
  id: number;

  @Column('varchar', { length: 100 })
  name: string;

  @Column('varchar', { length: 100, nullable: true })
  note: string | null;

  @Column('decimal', { precision: 10, scale: 2, nullable: true })
  amount: number | null;

  @Column('date', { nullable: true })
  day: string | null;

  @Column('datetime')
  createdAt: Date;

  @Column('boolean')
  active: boolean;
}

@Entity('odata_fuzz_child')
class FuzzChild {
  @PrimaryColumn('int')
  itemId: number;

  @PrimaryColumn('int')
  n: number;

  @Column('decimal', { precision: 10, scale: 2 })
  value: number;
}

const childSet: EdmEntitySet = {
  name: 'Children',
  entityType: 'FuzzChild',
  keys: ['ItemId', 'N'],
  properties: [
    { name: 'ItemId', column: 'itemId', type: 'Edm.Int32', nullable: false },
    { name: 'N', column: 'n', type: 'Edm.Int32', nullable: false },
    { name: 'Value', column: 'value', type: 'Edm.Decimal', nullable: false, scale: 2 },
  ],
};

const set: EdmEntitySet = {
  name: 'Items',
  entityType: 'FuzzItem',
  keys: ['Id'],
  properties: [
    { name: 'Id', column: 'id', type: 'Edm.Int32', nullable: false },
    { name: 'Name', column: 'name', type: 'Edm.String', nullable: false },
    { name: 'Note', column: 'note', type: 'Edm.String', nullable: true },
    { name: 'Amount', column: 'amount', type: 'Edm.Decimal', nullable: true },
    { name: 'Day', column: 'day', type: 'Edm.Date', nullable: true },
    { name: 'CreatedAt', column: 'createdAt', type: 'Edm.DateTimeOffset', nullable: false },
    { name: 'Active', column: 'active', type: 'Edm.Boolean', nullable: false },
  ],
  navigations: [{ name: 'Children', target: () => childSet, collection: true, partner: 'Item', join: [['id', 'itemId']] }],
};

const TOKENS = [
  ...ODATA_SYNTAX_TOKENS,
  // This test's model (Items with Children) and what only the parser sees.
  'Id',
  'Name',
  'Note',
  'Amount',
  'Day',
  'CreatedAt',
  'Active',
  'Foo',
  "'x'",
  "'O''Brien'",
  "'100%'",
  "'a_b'",
  "'\\'",
  '1',
  '1e3',
  '1e999',
  '99999999999999999999',
  '2030-01-01',
  '2030-13-01',
  '2030-01-01T10:00:00+02:00',
  '12:00',
  '@a',
  '[',
  ']',
  '{',
  '}',
  '/',
  '.',
  'é',
  'DROP TABLE odata_fuzz_item',
  'Model.Fn(',
  "Sales.Pattern'Y'",
  '12345678-1234-1234-1234-123456789abc',
  // Navigation and lambdas over Children.
  'Children/any(c:c/Value gt 1)',
  'Children/all(c:',
  'Children/any()',
  'Children/',
  'c/N',
  'c:',
  'all(',
  'Amount add 1',
  'length(Name)',
];

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).chain((tokens) => fc.constantFrom(tokens.join(' '), tokens.join('')));
const nested = fc
  .tuple(fc.integer({ min: 0, max: 10000 }), fc.constantFrom('Id eq 1', 'Active', "contains(Name,'a')", 'not Active', ''))
  .map(([n, inner]) => `${'('.repeat(n)}${inner}${')'.repeat(n)}`);
const notChain = fc.integer({ min: 0, max: 3000 }).map((n) => `${'not '.repeat(n)}Active`);
const longOr = fc.integer({ min: 1, max: 1200 }).map((n) => Array.from({ length: n }, (_, i) => `Id eq ${i}`).join(' or '));
const hostile = fc.oneof(
  { weight: 3, arbitrary: tokenSoup },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: notChain },
  { weight: 1, arbitrary: longOr },
  { weight: 1, arbitrary: fc.string({ minLength: 7990, maxLength: 8010, unit: fc.constantFrom('(', ')', "'", 'a', ' ') }) },
);

function expectOnlyODataErrors<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ODataSyntaxError || e instanceof ODataNotImplementedError) {
      expect(e.message.length).toBeLessThan(250); // never echoes long input
      return undefined;
    }
    throw e;
  }
}

describe('fuzzing the parser and translator', () => {
  let ds: DataSource;
  let parsedFilters = 0;

  beforeAll(async () => {
    ds = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [FuzzItem, FuzzChild], synchronize: true }).initialize();
    await ds.getRepository(FuzzItem).insert([
      { id: 1, name: "O'Brien", note: null, amount: 1.5, day: '2030-01-01', createdAt: new Date('2030-01-01T00:00:00Z'), active: true },
      { id: 2, name: '100%', note: 'x', amount: null, day: null, createdAt: new Date('2031-01-01T00:00:00Z'), active: false },
    ]);
  });

  afterAll(async () => {
    await ds?.destroy();
    // Make sure the generators actually reach the translator.
    console.log(`fuzz: ${parsedFilters} generated filters parsed and ran on SQLite`);
    expect(parsedFilters).toBeGreaterThan(20);
  });

  it('parseFilter only throws OData errors, and what parses runs on SQLite', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        const started = Date.now();
        const ast = expectOnlyODataErrors(() => parseFilter(text, set));
        expect(Date.now() - started).toBeLessThan(1000);
        if (!ast) return;
        parsedFilters++;
        const qb = ds.getRepository(FuzzItem).createQueryBuilder('i');
        applyFilter(qb, 'i', set, ast, 'sqlite');
        await qb.getMany();
      }),
      { numRuns: 1500 },
    );
  });

  it('parseOrderBy / parseSelect / parseQueryOptions only throw OData errors', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        const items = expectOnlyODataErrors(() => parseOrderBy(text, set));
        if (items) {
          const qb = ds.getRepository(FuzzItem).createQueryBuilder('i');
          applyOrderBy(qb, 'i', set, items);
          await qb.getMany();
        }
        expectOnlyODataErrors(() => parseSelect(text, set));
        expectOnlyODataErrors(() => parseQueryOptions(text, set));
        expectOnlyODataErrors(() => parseQueryOptions(`$filter=${encodeURIComponent(text)}&$orderby=${text}`, set));
        expectOnlyODataErrors(() => parseQueryOptions(`$expand=${encodeURIComponent(`Children(${text})`)}`, set));
        expectOnlyODataErrors(() => parseQueryOptions(`$expand=${encodeURIComponent(text)}&$apply=${encodeURIComponent(text)}`, set));
        expectOnlyODataErrors(() => parseQueryOptions(`$apply=${encodeURIComponent(`filter(${text})/groupby((Name),aggregate(Amount with sum as S))`)}`, set));
      }),
      { numRuns: 1000 },
    );
  });

  it('handles specific pathological inputs quickly', () => {
    for (const text of [
      `${'('.repeat(10000)}Id eq 1${')'.repeat(10000)}`,
      `${'('.repeat(3999)}`,
      `${'not '.repeat(1999)}Active`,
      `Name eq '${"'".repeat(7000)}`,
      `${'tolower('.repeat(900)}Name${')'.repeat(900)} eq 'a'`,
    ]) {
      const started = Date.now();
      expect(() => parseFilter(text, set)).toThrow(ODataSyntaxError);
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });
});
