/**
 * Translator tests against real databases: an in-memory SQLite database
 * always, and MariaDB/MySQL at 127.0.0.1:3306 when TEST_DB=mysql (a database
 * with a random name is created with a binary collation, so string semantics
 * match OData/JS, and dropped afterwards).
 *
 * For every filter in FILTERS the ids returned through applyFilter are
 * compared with the ids selected by a plain JS predicate implementing OData
 * semantics over the same generated rows.
 */
import 'reflect-metadata';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { EdmEntitySet } from './edm-model';
import { OrderByItem } from './odata-ast';
import { ODataSyntaxError } from './odata-errors';
import { parseOrderBy } from './odata-orderby';
import { parseFilter } from './odata-parser';
import { applyKeyset, applyOrderBy, decodeSkipToken, encodeSkipToken, orderKeysFor } from './odata-keyset';
import { escapeLike } from './odata-sql';
import { applyFilter, translateFilter } from './odata-to-typeorm';

@Entity('odata_test_item')
class Item {
  @PrimaryColumn('int')
  id: number;

  @Column('varchar', { length: 100 })
  name: string;

  // Database column name differs from the property name on purpose.
  @Column('varchar', { length: 100, nullable: true, name: 'note_text' })
  note: string | null;

  @Column('decimal', { precision: 10, scale: 2 })
  amount: number | string;

  @Column('date', { nullable: true })
  day: string | null;

  @Column('datetime', { precision: 3 })
  createdAt: Date;

  @Column('boolean')
  active: boolean;

  @Column('int', { nullable: true })
  rank: number | null;
}

const itemsSet: EdmEntitySet = {
  name: 'Items',
  entityType: 'Item',
  keys: ['Id'],
  properties: [
    { name: 'Id', column: 'id', type: 'Edm.Int32', nullable: false },
    { name: 'Name', column: 'name', type: 'Edm.String', nullable: false },
    { name: 'Note', column: 'note', type: 'Edm.String', nullable: true },
    { name: 'Amount', column: 'amount', type: 'Edm.Decimal', nullable: false },
    { name: 'Day', column: 'day', type: 'Edm.Date', nullable: true },
    { name: 'CreatedAt', column: 'createdAt', type: 'Edm.DateTimeOffset', nullable: false },
    { name: 'Active', column: 'active', type: 'Edm.Boolean', nullable: false },
    { name: 'Rank', column: 'rank', type: 'Edm.Int32', nullable: true },
  ],
};

interface Row {
  id: number;
  name: string;
  note: string | null;
  amount: number;
  day: string | null;
  createdAt: Date;
  active: boolean;
  rank: number | null;
}

const SPECIAL_NAMES = [
  '100%',
  'a_b',
  'axb',
  'back\\slash',
  "O'Brien",
  'Alpha',
  'alpha',
  'ALPHA beta',
  'a%b',
  '50% off',
  '_lead',
  'trail_',
  'x\\%y',
  '',
  "it''s",
];

/** Deterministic pseudo-random rows. */
function generateRows(count: number): Row[] {
  let seed = 42;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const rows: Row[] = [];
  for (let id = 1; id <= count; id++) {
    const name = id <= SPECIAL_NAMES.length ? SPECIAL_NAMES[id - 1] : `item ${String.fromCharCode(97 + rnd(26))}${rnd(100)}`;
    const note = rnd(3) === 0 ? null : ['x', 'moon', 'Orange', 'zeta', 'apple'][rnd(5)];
    const amount = rnd(20000) / 100;
    const day = rnd(4) === 0 ? null : `${2029 + rnd(3)}-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`;
    const createdAt = new Date(Date.UTC(2029 + rnd(3), rnd(2), 1 + rnd(28), rnd(24), rnd(60), rnd(60), rnd(1000)));
    rows.push({ id, name, note, amount, day, createdAt, active: rnd(2) === 0, rank: rnd(3) === 0 ? null : rnd(6) });
  }
  // Exact values used by some filters.
  rows[20].createdAt = new Date('2030-01-15T12:00:00.000Z');
  rows[21].amount = 10.25;
  rows[22].note = rows[22].name;
  return rows;
}

const ROWS = generateRows(50);

/* OData three-valued helpers for the expected results. */
type B = boolean | null;
const not = (v: B): B => (v === null ? null : !v);
const and = (...v: B[]): B => (v.includes(false) ? false : v.includes(null) ? null : true);
const or = (...v: B[]): B => (v.includes(true) ? true : v.includes(null) ? null : false);
const eq = (a: unknown, b: unknown): boolean => a === b;
const gt = <T extends string | number>(a: T | null, b: T | null): boolean => a !== null && b !== null && a > b;
const lt = <T extends string | number>(a: T | null, b: T | null): boolean => a !== null && b !== null && a < b;
const has = (s: string | null, p: string): B => (s === null ? null : s.includes(p));
const year = (d: string | null): number | null => (d === null ? null : Number(d.slice(0, 4)));
const month = (d: string | null): number | null => (d === null ? null : Number(d.slice(5, 7)));
const dayOf = (d: string | null): number | null => (d === null ? null : Number(d.slice(8, 10)));
const ms = (iso: string): number => new Date(iso).getTime();

const FILTERS: [string, (r: Row) => B][] = [
  ['Id eq 5', (r) => r.id === 5],
  ['Id ne 5', (r) => r.id !== 5],
  ['Id gt 40', (r) => r.id > 40],
  ['Id ge 40 and Id le 45', (r) => r.id >= 40 && r.id <= 45],
  ['Id lt -1', () => false],
  ["Name eq 'O''Brien'", (r) => r.name === "O'Brien"],
  ["Name eq 'it''''s'", (r) => r.name === "it''s"],
  ["Name eq ''", (r) => r.name === ''],
  ["contains(Name,'100%')", (r) => has(r.name, '100%')],
  ["contains(Name,'%')", (r) => has(r.name, '%')],
  ["contains(Name,'a_b')", (r) => has(r.name, 'a_b')],
  ["contains(Name,'_')", (r) => has(r.name, '_')],
  ["contains(Name,'\\')", (r) => has(r.name, '\\')],
  ["contains(Name,'\\%')", (r) => has(r.name, '\\%')],
  ["contains(Name,'''')", (r) => has(r.name, "'")],
  ["startswith(Name,'a%')", (r) => r.name.startsWith('a%')],
  ["startswith(Name,'_')", (r) => r.name.startsWith('_')],
  ["endswith(Name,'_')", (r) => r.name.endsWith('_')],
  ["endswith(Name,'')", () => true],
  ["contains(Name,'alpha')", (r) => has(r.name, 'alpha')],
  ["contains(tolower(Name),'alpha')", (r) => has(r.name.toLowerCase(), 'alpha')],
  ["contains(tolower(Name),'ALPHA')", () => false],
  ["toupper(Name) eq 'ALPHA'", (r) => r.name.toUpperCase() === 'ALPHA'],
  ["Name gt 'item m'", (r) => r.name > 'item m'],
  ['Note eq null', (r) => r.note === null],
  ['Note ne null', (r) => r.note !== null],
  ['null eq Note', (r) => r.note === null],
  ["Note eq 'moon'", (r) => r.note === 'moon'],
  ["Note ne 'moon'", (r) => r.note !== 'moon'],
  ["not (Note eq 'moon')", (r) => r.note !== 'moon'],
  ["Note gt 'm'", (r) => gt(r.note, 'm')],
  ["not (Note gt 'm')", (r) => !gt(r.note, 'm')],
  ['Note gt null', () => false],
  ["contains(Note,'o')", (r) => has(r.note, 'o')],
  ["not contains(Note,'o')", (r) => not(has(r.note, 'o'))],
  ["not contains(Note,'o') or Note eq null", (r) => or(not(has(r.note, 'o')), r.note === null)],
  ['Note eq Name', (r) => eq(r.note, r.name)],
  ['Note ne Name', (r) => !eq(r.note, r.name)],
  ['Rank eq Rank', () => true],
  ['Rank ne Rank', () => false],
  ['Rank lt Id', (r) => lt(r.rank, r.id)],
  ['not (Rank lt 3)', (r) => !lt(r.rank, 3)],
  ['Rank in (1,2,3)', (r) => r.rank !== null && [1, 2, 3].includes(r.rank)],
  ['Rank in (1, null)', (r) => r.rank === 1 || r.rank === null],
  ['not (Rank in (1,2))', (r) => !(r.rank !== null && [1, 2].includes(r.rank))],
  ['Id in ()', () => false],
  ['not (Id in ())', () => true],
  ["Note in ('moon', 'x')", (r) => r.note === 'moon' || r.note === 'x'],
  ['(Id lt 10 or Id gt 40) and (Active eq true or Rank eq null)', (r) => (r.id < 10 || r.id > 40) && (r.active || r.rank === null)],
  ['Id lt 10 or Id gt 40 and Active', (r) => r.id < 10 || (r.id > 40 && r.active)],
  ['not (Id lt 10 or (Id gt 40 and not Active))', (r) => !(r.id < 10 || (r.id > 40 && !r.active))],
  ['Active', (r) => r.active],
  ['not Active', (r) => !r.active],
  ['Active eq false', (r) => !r.active],
  ['true', () => true],
  ['false', () => false],
  ['null eq null', () => true],
  ['year(Day) eq 2030', (r) => year(r.day) === 2030],
  ['not (year(Day) eq 2030)', (r) => year(r.day) !== 2030],
  ['month(Day) ge 6 and day(Day) lt 15', (r) => and(gt(month(r.day), 5), lt(dayOf(r.day), 15))],
  ['year(CreatedAt) eq 2030 and month(CreatedAt) eq 1', (r) => r.createdAt.getUTCFullYear() === 2030 && r.createdAt.getUTCMonth() === 0],
  ['day(CreatedAt) eq 15', (r) => r.createdAt.getUTCDate() === 15],
  ['Day lt 2030-06-01', (r) => lt(r.day, '2030-06-01')],
  ['Day eq null or Day ge 2031-01-01', (r) => r.day === null || r.day >= '2031-01-01'],
  ['CreatedAt eq 2030-01-15T12:00:00Z', (r) => r.createdAt.getTime() === ms('2030-01-15T12:00:00Z')],
  ['CreatedAt gt 2030-01-15T12:00:00Z', (r) => r.createdAt.getTime() > ms('2030-01-15T12:00:00Z')],
  ['CreatedAt le 2030-01-15T14:00:00+02:00', (r) => r.createdAt.getTime() <= ms('2030-01-15T12:00:00Z')],
  ['Amount gt 50.5', (r) => r.amount > 50.5],
  ['Amount eq 10.25', (r) => r.amount === 10.25],
  ['Amount lt 1e2', (r) => r.amount < 100],
  ['Amount ge 0 and Amount le 200.00', () => true],
];

const ORDERINGS = ['Id', 'Name desc', 'Rank', 'Rank desc', 'Note desc,Rank', 'Day desc,Name', 'CreatedAt desc', 'Amount,Note desc', 'Active,Rank desc,Day'];

function compareForOrder(keys: { column: string; direction: 'ASC' | 'DESC' }[]) {
  return (a: Row, b: Row): number => {
    for (const k of keys) {
      const x = a[k.column as keyof Row];
      const y = b[k.column as keyof Row];
      const xv = x instanceof Date ? x.getTime() : typeof x === 'boolean' ? Number(x) : x;
      const yv = y instanceof Date ? y.getTime() : typeof y === 'boolean' ? Number(y) : y;
      let c = 0;
      if (xv === null && yv !== null)
        c = -1; // NULLs first in ASC
      else if (xv !== null && yv === null) c = 1;
      else if (xv !== null && yv !== null) c = xv < yv ? -1 : xv > yv ? 1 : 0;
      if (c !== 0) return k.direction === 'ASC' ? c : -c;
    }
    return 0;
  };
}

function defineDatabaseSuite(label: string, dialect: 'sqlite' | 'mysql', create: () => Promise<DataSource>, destroy: (ds: DataSource) => Promise<void>): void {
  describe(`OData → TypeORM on ${label}`, () => {
    let ds: DataSource;

    beforeAll(async () => {
      ds = await create();
      await ds.getRepository(Item).insert(ROWS.map((r) => ({ ...r })));
    });

    afterAll(async () => {
      if (ds) await destroy(ds);
    });

    const qb = () => ds.getRepository(Item).createQueryBuilder('i');

    async function idsFor(filter: string): Promise<number[]> {
      const q = qb().select('i.id', 'id');
      applyFilter(q, 'i', itemsSet, parseFilter(filter, itemsSet), dialect);
      const raw = await q.orderBy('i.id').getRawMany<{ id: number | string }>();
      return raw.map((r) => Number(r.id));
    }

    it.each(FILTERS)('%s', async (filter, predicate) => {
      const expected = ROWS.filter((r) => predicate(r) === true).map((r) => r.id);
      expect(await idsFor(filter)).toEqual(expected);
    });

    it('the filter table exercises both empty and non-trivial results', () => {
      const sizes = FILTERS.map(([, p]) => ROWS.filter((r) => p(r) === true).length);
      expect(sizes.filter((n) => n > 0 && n < ROWS.length).length).toBeGreaterThan(40);
    });

    it('uses only bound parameters with unique names, also across calls', async () => {
      const q = qb().where('i.id > :odf0', { odf0: 0 });
      applyFilter(q, 'i', itemsSet, parseFilter("Name eq 'x'' OR 1=1 --' or contains(Name, '%')", itemsSet), dialect);
      applyFilter(q, 'i', itemsSet, parseFilter("Note eq 'moon'", itemsSet), dialect);
      const sql = q.getSql();
      expect(sql).not.toContain('OR 1=1');
      expect(sql).not.toContain('moon');
      // The pre-existing :odf0 must not be overwritten by generated names.
      expect(q.getParameters().odf0).toBe(0);
      expect(Object.keys(q.getParameters()).length).toBe(dialect === 'sqlite' ? 5 : 4);
      const ids = (await q.getMany()).map((r) => r.id);
      expect(ids).toEqual(ROWS.filter((r) => r.note === 'moon' && r.name.includes('%')).map((r) => r.id));
    });

    it.each(ORDERINGS)('orderby %s matches a JS sort with NULLs first in ASC', async (orderby) => {
      const items: OrderByItem[] = parseOrderBy(orderby, itemsSet);
      const q = qb();
      const keys = applyOrderBy(q, 'i', itemsSet, items);
      const ids = (await q.getMany()).map((r) => r.id);
      const expected = [...ROWS].sort(compareForOrder(keys)).map((r) => r.id);
      expect(ids).toEqual(expected);
    });

    it.each(ORDERINGS)('keyset paging (page size 7) with orderby %s returns every row once, in order', async (orderby) => {
      const items = parseOrderBy(orderby, itemsSet);
      const fullQ = qb();
      applyOrderBy(fullQ, 'i', itemsSet, items);
      const full = (await fullQ.getMany()).map((r) => r.id);

      const keys = orderKeysFor(itemsSet, items);
      const seen: number[] = [];
      let token: string | undefined;
      for (let page = 0; page < 20; page++) {
        const q = qb();
        applyOrderBy(q, 'i', itemsSet, items);
        applyFilter(q, 'i', itemsSet, parseFilter('Id gt 0', itemsSet), dialect); // keyset must combine with a filter
        if (token) applyKeyset(q, 'i', keys, decodeSkipToken(token, keys.length), dialect);
        const rows = await q.take(7).getMany();
        if (rows.length === 0) break;
        seen.push(...rows.map((r) => r.id));
        const last = rows[rows.length - 1] as unknown as Record<string, unknown>;
        token = encodeSkipToken(keys.map((k) => last[k.column]));
      }
      expect(seen).toEqual(full);
      expect(new Set(seen).size).toBe(ROWS.length);
    });

    it('keyset condition uses the expanded OR form, not row values', () => {
      const q = qb();
      const keys = orderKeysFor(itemsSet, [{ property: 'Rank', direction: 'desc' }]);
      applyKeyset(q, 'i', keys, [3, 7], dialect);
      const where = q.getSql().split('WHERE')[1];
      expect(where).toMatch(/< :odk0|< \?|< 3/);
      expect(where).toContain(' OR ');
      expect(where).not.toMatch(/\)\s*[<>]\s*\(/);
    });

    it('bounds the first key on its own, so an index on the keys can start the page with bound values', async () => {
      const ascending = qb();
      applyKeyset(ascending, 'i', orderKeysFor(itemsSet, parseOrderBy('Name', itemsSet)), ['m', 7], dialect);
      expect(ascending.getSql().split('WHERE')[1]).toMatch(/^\s*\(\S+ >= \S+ AND \(/);
      // Descending on a nullable key, NULLs follow every value: no such bound.
      const nullable = qb();
      applyKeyset(nullable, 'i', orderKeysFor(itemsSet, parseOrderBy('Note desc', itemsSet)), ['m', 7], dialect);
      expect(nullable.getSql().split('WHERE')[1]).not.toContain('<=');
      expect((await nullable.getMany()).map((r) => r.id).sort((a, b) => a - b)).toEqual(
        [...ROWS]
          .filter((r) => r.note === null || r.note < 'm' || (r.note === 'm' && r.id > 7))
          .map((r) => r.id)
          .sort((a, b) => a - b),
      );
    });
  });
}

defineDatabaseSuite(
  'SQLite (better-sqlite3, in memory)',
  'sqlite',
  async () => {
    // synchronize is acceptable here: a throwaway in-memory database for this unit test only.
    const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Item], synchronize: true });
    return ds.initialize();
  },
  (ds) => ds.destroy(),
);

if (process.env.TEST_DB === 'mysql') {
  const dbName = `odata_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const server = { host: process.env.TEST_DB_HOST ?? '127.0.0.1', port: 3306, username: 'root', password: '' };
  defineDatabaseSuite(
    `MySQL/MariaDB (${dbName})`,
    'mysql',
    async () => {
      const admin = await new DataSource({ type: 'mysql', ...server }).initialize();
      // Binary collation: the JS predicates are case-sensitive (OData semantics).
      await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      await admin.destroy();
      const ds = new DataSource({ type: 'mysql', ...server, database: dbName, timezone: 'Z', entities: [Item], synchronize: true });
      return ds.initialize();
    },
    async (ds) => {
      await ds.query(`DROP DATABASE \`${dbName}\``);
      await ds.destroy();
    },
  );
}

describe('skip tokens and helpers', () => {
  it('round-trips values including dates, nulls and bigints', () => {
    const values = [1, 'a\'b"c', null, true, new Date('2030-01-01T00:00:00.123Z'), 12.5, BigInt('-9223372036854775808'), BigInt('9223372036854775807')];
    expect(decodeSkipToken(encodeSkipToken(values), values.length)).toEqual(values);
  });

  it('refuses bigints outside the 64-bit range of a key column (the SQLite driver threw)', () => {
    for (const big of ['12345678901234567890', '9223372036854775808', '-9223372036854775809']) {
      expect(() => decodeSkipToken(encodeSkipToken([BigInt(big)]), 1)).toThrow(/invalid or expired token/);
    }
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['not json', Buffer.from('hello').toString('base64url')],
    ['wrong version', Buffer.from(JSON.stringify({ v: 2, k: [1] })).toString('base64url')],
    ['wrong length', encodeSkipToken([1, 2])],
    ['bad element', Buffer.from(JSON.stringify({ v: 1, k: [{ x: 1 }] })).toString('base64url')],
    ['bad date', Buffer.from(JSON.stringify({ v: 1, k: [{ $date: 'nope' }] })).toString('base64url')],
    ['array payload', Buffer.from(JSON.stringify([1])).toString('base64url')],
    ['too long', 'A'.repeat(5000)],
  ])('rejects a malformed token (%s) with ODataSyntaxError', (_name, token) => {
    expect(() => decodeSkipToken(token, 1)).toThrow(ODataSyntaxError);
  });

  it('detects a tampered (truncated / altered) token', () => {
    const token = encodeSkipToken([1, 'abc']);
    expect(() => decodeSkipToken(token.slice(0, -3), 2)).toThrow(ODataSyntaxError);
    expect(() => decodeSkipToken(`${token}x`, 2)).toThrow(ODataSyntaxError);
  });

  it('orderKeysFor appends missing key properties for a total order', () => {
    expect(orderKeysFor(itemsSet, [{ property: 'Name', direction: 'desc' }]).map((k) => [k.column, k.direction])).toEqual([
      ['name', 'DESC'],
      ['id', 'ASC'],
    ]);
    expect(orderKeysFor(itemsSet, [{ property: 'Id', direction: 'desc' }]).map((k) => [k.column, k.direction])).toEqual([['id', 'DESC']]);
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });

  it('translateFilter emits dialect-specific SQL', async () => {
    const ds = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Item] }).initialize();
    try {
      const q = ds.getRepository(Item).createQueryBuilder('i');
      const f = parseFilter("contains(Note,'a') and year(Day) eq 2030 and CreatedAt lt 2030-01-01T00:00:00Z", itemsSet);
      const sqlite = translateFilter(q, 'i', itemsSet, f, 'sqlite');
      expect(sqlite.sql).toContain('"i"."note_text" LIKE');
      expect(sqlite.sql).toContain("ESCAPE '\\'");
      expect(sqlite.sql).toContain("strftime('%Y'");
      expect(Object.values(sqlite.params)).toContain('2030-01-01 00:00:00.000');
      const mysql = translateFilter(q, 'i', itemsSet, f, 'mysql');
      expect(mysql.sql).toContain("ESCAPE '\\\\'");
      expect(mysql.sql).toContain('YEAR(');
      expect(Object.values(mysql.params).some((v) => v instanceof Date)).toBe(true);
    } finally {
      await ds.destroy();
    }
  });
});
