// HTTP fuzz of the OData feed: random and hostile query options never produce a 500 (only
// 200, 400 or 501, each with an OData body) and never change the database.
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';
import { destroyAgent, feedTenant, FeedTenant, headerCount, loadProjects, rawGet } from '../../support/odata-support';
import { ODATA_SYNTAX_TOKENS } from '../../support/odata-fuzz-tokens';

const FRAGMENTS = [
  ...ODATA_SYNTAX_TOKENS,
  // The planning model, hostile SQL, and query options only the HTTP surface parses.
  '"',
  '$',
  'ß',
  'İ',
  "'; DROP TABLE project; --",
  "' OR '1'='1",
  '1=1',
  'UNION SELECT',
  'sqlite_master',
  '`',
  '@p1',
  '$root',
  'Id',
  'Name',
  'Region',
  'Owner',
  'Capex',
  'StartDate',
  'UpdatedAt',
  'Year',
  'NetCashflow',
  'tenantId',
  'e.tenantId',
  'Nope',
  'x:x/Id',
  '0',
  '1e309',
  '-1e-400',
  '99999999999999999999999',
  '2147483648',
  '2020-02-29',
  '2020-02-30',
  '2030-13-01T25:61:00+14:00',
  "duration'P1D'",
  'guid',
  '01234567-89ab-cdef-0123-456789abcdef',
  "'%_\\'",
  "'it''s'",
  "'unterminated",
  // Navigation and $apply.
  'Cashflows/any(c:c/Year ge 2030)',
  'Cashflows/all(c:',
  'c/NetCashflow',
  'Cashflows/any()',
  'Cashflows',
  'Project',
  'Project/Name',
  'filter(',
  'groupby((Year)',
  'groupby((Region,Status)',
  'aggregate(',
  ' with sum as T',
  ' with average as A',
  ' with countdistinct as D',
  '$count as N',
  '$select=Year',
  '$filter=Year gt 2002',
  '$top=2',
  'Cashflows($top=1)',
  'Project($select=Name)',
];

const token = fc.constantFrom(...FRAGMENTS);
const expression = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.array(token, { maxLength: 12 }), fc.constantFrom(' ', '', ',')).map(([parts, sep]) => parts.join(sep)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((n) => '('.repeat(n) + 'Id eq 1' + ')'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => 'not '.repeat(n) + "Name eq 'x'") },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1200 }).map((n) => Array.from({ length: n }, (_, i) => `Id eq ${i}`).join(' or ')) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((n) => 'tolower('.repeat(n) + 'Name' + ')'.repeat(n) + " eq 'a'") },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 12000 }).map((n) => `Name eq '${'a'.repeat(n)}'`) },
);
const optionName = fc.constantFrom(
  '$filter',
  '$orderby',
  '$select',
  '$top',
  '$skip',
  '$skiptoken',
  '$count',
  '$format',
  '%24filter',
  '$FILTER',
  '$expand',
  '$apply',
  'x',
  '',
);
const resource = fc.constantFrom(
  'Projects',
  'Cashflows',
  'Projects/$count',
  'Projects(1)',
  'Cashflows(ProjectId=1,Year=2001)',
  'Projects(1)/Cashflows',
  'Projects(1)/Cashflows/$count',
  'Cashflows(ProjectId=1,Year=2001)/Project',
);

/** Percent-encodes like a client would (lone surrogates become U+FFFD), or sends a few characters raw. */
function encode(text: string, raw: boolean): string {
  if (raw) return text.replace(/[^A-Za-z0-9$()',=.*%_-]/g, (c) => encodeURIComponent(c.replace(/[\ud800-\udfff]/g, '\ufffd')));
  return encodeURIComponent(text.replace(/\p{Surrogate}/gu, '\ufffd'));
}

/** Well-formed numeric expressions over Projects, so the new grammar reaches the database. */
const { num } = fc.letrec<{ num: string }>((tie) => ({
  num: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'Capex',
      'Npv',
      'Id',
      '1',
      '2.5',
      '-3',
      '0',
      '9007199254740991',
      'length(Name)',
      "indexof(Name,'e')",
      'year(StartDate)',
      'hour(UpdatedAt)',
      'second(UpdatedAt)',
    ),
    fc.tuple(tie('num'), fc.constantFrom('add', 'sub', 'mul', 'div', 'divby', 'mod'), tie('num')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('num').map((x) => `-(${x})`),
    fc.tuple(fc.constantFrom('round', 'floor', 'ceiling'), tie('num')).map(([fn, x]) => `${fn}(${x})`),
  ),
}));
const comparison = fc.tuple(num, fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le'), num).map(([a, op, b]) => `${a} ${op} ${b}`);
const wellFormed = fc.oneof(
  comparison,
  comparison.map((c) => `Cashflows/any(c:c/Year ge 2002 and ${c})`),
  comparison.map((c) => `not Cashflows/all(x:x/NetCashflow gt 0) or ${c}`),
  fc.tuple(fc.constantFrom('Name', 'Region', 'Owner'), fc.nat(12), fc.nat(5)).map(([p, a, b]) => `substring(${p},${a},${b}) ne concat(trim(${p}),'x')`),
);
const applyForm = fc
  .tuple(
    fc.option(
      comparison.map((c) => `filter(${c})/`),
      { nil: '' },
    ),
    fc.constantFrom('Region', 'Status', 'Owner', 'StartDate', 'Region,Status'),
    fc.constantFrom(
      'Capex with sum as T',
      'Npv with average as A',
      'Owner with countdistinct as D',
      '$count as N',
      'Npv with min as L,UpdatedAt with max as U',
    ),
  )
  .map(([filter, group, agg]) => `${filter}groupby((${group}),aggregate(${agg}))`);

describe('OData feed: HTTP fuzz', () => {
  let t: TestApp;
  let acme: FeedTenant;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
    await loadProjects(t, acme.id, 1, 40, 5);
  });
  afterAll(async () => {
    destroyAgent();
    await t.close();
  });

  async function snapshot(): Promise<string> {
    const db = t.app.get(DataSource);
    const projects = await db.query('SELECT `id`, `tenantId`, `name`, `owner`, `capex`, `npv` FROM `project` ORDER BY `id`');
    const cashflows = await db.query('SELECT `tenantId`, `projectId`, `year`, `netCashflow` FROM `cashflow` ORDER BY `tenantId`, `projectId`, `year`');
    const users = await db.query('SELECT (SELECT COUNT(*) FROM `users`) AS u, (SELECT COUNT(*) FROM `tenant`) AS t, (SELECT COUNT(*) FROM `api_key`) AS k');
    return (
      `${projects.length}/${cashflows.length}/` +
      createHash('sha256')
        .update(JSON.stringify([projects, cashflows, users]))
        .digest('hex')
    );
  }

  it('answers every hostile query with 200, 400 or 501 and leaves the data unchanged', async () => {
    const before = await snapshot();
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(resource, fc.array(fc.tuple(optionName, expression, fc.boolean()), { minLength: 1, maxLength: 3 }), async (path, options) => {
        const query = options
          .map(([name, value, raw]) => `${name}=${encode(value, raw)}`)
          .join('&')
          .slice(0, 12000)
          .replace(/%[0-9A-F]?$/, '');
        const res = await rawGet(`${t.url}/acme/odata/${path}?${query}`, { Authorization: acme.auth });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (![200, 400, 501].includes(res.status)) throw new Error(`${res.status} for ${path}?${query.slice(0, 300)}: ${res.text.slice(0, 300)}`);
        expect(headerCount(res, 'OData-Version')).toBe(1);
        if (res.status !== 200) expect(res.json()).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
        else if (!path.endsWith('$count')) expect(res.json()['@odata.context']).toContain('$metadata#');
      }),
      { numRuns: 300 },
    );
    expect(await snapshot()).toBe(before);
    expect(t.logs.filter((line) => line.includes('Unhandled error'))).toEqual([]);
    // A useful fuzz run reaches the database as well as the error paths.
    expect(statuses[200]).toBeGreaterThan(10);
    expect(statuses[400]).toBeGreaterThan(10);
  });

  it('answers well-formed arithmetic, functions, lambdas, $orderby expressions, $expand and $apply with 200/400/501, never 500, data unchanged', async () => {
    const before = await snapshot();
    const statuses: Record<number, number> = {};
    const expand = fc.constantFrom('', '&$expand=Cashflows($filter=Year ge 2002;$top=2)', '&$expand=Cashflows($orderby=NetCashflow desc;$select=Year)');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          wellFormed.map((f) => `$filter=${f}`),
          applyForm.map((a) => `$apply=${a}`),
          num.map((n) => `$orderby=${n} desc,Name`),
        ),
        expand,
        async (option, expansion) => {
          const eq = option.indexOf('=');
          const query = `${option.slice(0, eq)}=${encodeURIComponent(option.slice(eq + 1))}${option.startsWith('$apply') ? '' : expansion}`;
          const res = await rawGet(`${t.url}/acme/odata/Projects?${query}`, { Authorization: acme.auth, 'Accept-Encoding': 'identity' });
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (![200, 400, 501].includes(res.status)) throw new Error(`${res.status} for ${decodeURIComponent(query)}: ${res.text.slice(0, 300)}`);
          expect(headerCount(res, 'OData-Version')).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
    expect(await snapshot()).toBe(before);
    expect(t.logs.filter((line) => line.includes('Unhandled error'))).toEqual([]);
    expect(statuses[200]).toBeGreaterThan(150);
  });
});
