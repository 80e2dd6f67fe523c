// An independent OData client library (odata-query builds the query strings, fetch sends
// them) reads the feed; every result must equal what plain SQL on the DataSource returns.
import buildQuery, { QueryOptions } from 'odata-query';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';
import { feedBesideOtherTenant, FeedTenant, POWER_QUERY_HEADERS } from '../../support/odata-support';

type Json = Record<string, unknown>;

interface Case {
  name: string;
  set: 'Projects' | 'Cashflows';
  query: Partial<QueryOptions<Json>>;
  /** WHERE condition (portable SQL, tenant restriction added) and ORDER BY of the equivalent SQL. */
  where: string;
  params?: unknown[];
  order?: string;
  limit?: number;
  offset?: number;
}

const key = (set: Case['set'], row: Json) =>
  set === 'Projects' ? String(row.Id ?? row.id) : `${String(row.ProjectId ?? row.projectId)}/${String(row.Year ?? row.year)}`;

const CASES: Case[] = [
  { name: 'eq', set: 'Projects', query: { filter: { Status: 'Approved' } }, where: "`status` = 'Approved'" },
  { name: 'ne', set: 'Projects', query: { filter: { Status: { ne: 'Abandoned' } } }, where: "`status` <> 'Abandoned'" },
  { name: 'gt decimal', set: 'Projects', query: { filter: { Capex: { gt: 200000000.5 } } }, where: '`capex` > 200000000.5' },
  { name: 'lt negative', set: 'Projects', query: { filter: { Npv: { lt: 0 } } }, where: '`npv` < 0' },
  { name: 'and', set: 'Projects', query: { filter: { Region: 'Permian', Capex: { ge: 150000000 } } }, where: "`region` = 'Permian' AND `capex` >= 150000000" },
  {
    name: 'or',
    set: 'Projects',
    query: { filter: { or: [{ Region: 'Brazil' }, { Status: 'Producing' }] } },
    where: "`region` = 'Brazil' OR `status` = 'Producing'",
  },
  { name: 'not', set: 'Projects', query: { filter: { not: { Region: 'Permian' } } }, where: "NOT (`region` = 'Permian')" },
  { name: 'contains', set: 'Projects', query: { filter: { Name: { contains: 'Deep' } } }, where: "`name` LIKE '%Deep%'" },
  { name: 'startswith', set: 'Projects', query: { filter: { Name: { startswith: 'Field 0001' } } }, where: "`name` LIKE 'Field 0001%'" },
  { name: 'endswith with a quote', set: 'Projects', query: { filter: { Owner: { endswith: "O'Brien" } } }, where: "`owner` LIKE '%O''Brien'" },
  { name: 'tolower', set: 'Projects', query: { filter: { 'tolower(Region)': 'north sea' } }, where: "LOWER(`region`) = 'north sea'" },
  { name: 'year()', set: 'Projects', query: { filter: { 'year(StartDate)': { ge: 2015 } } }, where: "SUBSTR(`startDate`, 1, 4) >= '2015'" },
  { name: 'in', set: 'Projects', query: { filter: { Region: { in: ['Brazil', 'West Africa'] } } }, where: "`region` IN ('Brazil', 'West Africa')" },
  { name: 'eq null', set: 'Projects', query: { filter: { Owner: null } }, where: '`owner` IS NULL' },
  {
    name: 'ne null and date',
    set: 'Projects',
    query: { filter: { Owner: { ne: null }, StartDate: { lt: { type: 'raw', value: '2010-06-01' } } } },
    where: "`owner` IS NOT NULL AND `startDate` < '2010-06-01'",
  },
  {
    name: 'nested and/or/not',
    set: 'Projects',
    query: { filter: { or: [{ and: [{ Status: { in: ['Approved', 'Producing'] } }, { not: { Name: { contains: 'Deep' } } }] }, { Owner: null }] } },
    where: "(`status` IN ('Approved', 'Producing') AND NOT (`name` LIKE '%Deep%')) OR `owner` IS NULL",
  },
  {
    name: '$orderby multi-key desc with $top/$skip',
    set: 'Projects',
    query: { orderBy: ['Region desc', 'Status desc', 'Capex desc'], top: 17, skip: 4 },
    where: '1 = 1',
    order: '`region` DESC, `status` DESC, `capex` DESC, `id` ASC',
    limit: 17,
    offset: 4,
  },
  {
    name: '$orderby on a nullable property (nulls last in desc) across pages',
    set: 'Projects',
    query: { orderBy: ['Owner desc', 'Name'] },
    where: '1 = 1',
    order: '`owner` DESC, `name` ASC, `id` ASC',
  },
  {
    name: '$orderby on a nullable property ascending (nulls first) with a filter',
    set: 'Projects',
    query: { filter: { Status: { ne: 'Proposed' } }, orderBy: ['Owner', 'Capex desc'] },
    where: "`status` <> 'Proposed'",
    order: '`owner` ASC, `capex` DESC, `id` ASC',
  },
  {
    name: '$orderby on timestamp and date (tokens carry dates) across pages',
    set: 'Projects',
    query: { orderBy: ['UpdatedAt desc', 'StartDate'] },
    where: '1 = 1',
    order: '`updatedAt` DESC, `startDate` ASC, `id` ASC',
  },
  {
    name: 'cashflows filter and orderby desc',
    set: 'Cashflows',
    query: { filter: { Year: { le: 2002 }, NetCashflow: { gt: 100000 } }, orderBy: ['NetCashflow desc'] },
    where: '`year` <= 2002 AND `netCashflow` > 100000',
    order: '`netCashflow` DESC, `projectId` ASC, `year` ASC',
  },
  {
    name: 'cashflows by key with $skip',
    set: 'Cashflows',
    query: { filter: { ProjectId: { gt: 0 } }, orderBy: ['Year desc', 'ProjectId desc'], skip: 50 },
    where: '`projectId` > 0',
    order: '`year` DESC, `projectId` DESC',
    offset: 50,
  },
];

describe('OData feed: independent client (odata-query) against direct SQL', () => {
  let t: TestApp;
  let acme: FeedTenant;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    ({ acme, db } = await feedBesideOtherTenant(t, { acme: [1, 120], other: [500, 530], years: 4 })); // other's rows must never show up
  });
  afterAll(() => t.close());

  /** Reads a whole result through the client, following nextLinks (small pages on purpose). */
  async function readAll(set: string, query: Partial<QueryOptions<Json>>): Promise<{ rows: Json[]; count?: number }> {
    let url: string | undefined = `${t.url}/acme/odata/${set}${buildQuery(query)}`;
    const rows: Json[] = [];
    let count: number | undefined;
    while (url) {
      const res = await fetch(url, { headers: { ...POWER_QUERY_HEADERS, Authorization: acme.auth, Prefer: 'odata.maxpagesize=13' } });
      const body = (await res.json()) as Json;
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
      rows.push(...(body.value as Json[]));
      if (body['@odata.count'] !== undefined) count = body['@odata.count'] as number;
      url = body['@odata.nextLink'] as string | undefined;
    }
    return { rows, count };
  }

  async function sql(c: Case): Promise<Json[]> {
    const table = c.set === 'Projects' ? '`project`' : '`cashflow`';
    const order = c.order ?? (c.set === 'Projects' ? '`id` ASC' : '`projectId` ASC, `year` ASC');
    let text = `SELECT * FROM ${table} WHERE \`tenantId\` = ? AND (${c.where}) ORDER BY ${order}`;
    if (c.limit !== undefined || c.offset !== undefined) text += ` LIMIT ${c.limit ?? 1000000} OFFSET ${c.offset ?? 0}`;
    return db.query(text, [acme.id, ...(c.params ?? [])]);
  }

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const expected = await sql(c);
    const { rows } = await readAll(c.set, c.query);
    expect(rows.map((r) => key(c.set, r))).toEqual(expected.map((r) => key(c.set, r)));
  });

  it('the cases are not trivial: most select some but not all rows', async () => {
    const total = Number((await db.query('SELECT COUNT(*) AS n FROM `project` WHERE `tenantId` = ?', [acme.id]))[0].n);
    let partial = 0;
    for (const c of CASES) {
      const n = (await sql({ ...c, limit: undefined, offset: undefined })).length;
      expect([c.name, n > 0]).toEqual([c.name, true]);
      if (c.set === 'Projects' && n < total) partial++;
    }
    expect(partial).toBeGreaterThanOrEqual(14);
  });

  it('$count=true and /$count agree with COUNT(*)', async () => {
    const where = "`status` IN ('Approved', 'Proposed') AND `owner` IS NOT NULL";
    const expected = Number((await db.query(`SELECT COUNT(*) AS n FROM \`project\` WHERE \`tenantId\` = ? AND ${where}`, [acme.id]))[0].n);
    const filter = { Status: { in: ['Approved', 'Proposed'] }, Owner: { ne: null } };
    const { rows, count } = await readAll('Projects', { filter, count: true, select: ['Id'] });
    expect(count).toBe(expected);
    expect(rows).toHaveLength(expected);
    const res = await fetch(`${t.url}/acme/odata/Projects/$count${buildQuery({ filter })}`, { headers: { Authorization: acme.auth } });
    expect(await res.text()).toBe(String(expected));
  });

  it('returns the same values as SQL, with JSON types per the EDM', async () => {
    const expected: Json[] = await db.query(
      'SELECT `id`, `name`, `region`, `status`, `owner`, SUBSTR(`startDate`, 1, 10) AS `startDate`, `capex`, `npv` FROM `project` WHERE `tenantId` = ? ORDER BY `id`',
      [acme.id],
    );
    const { rows } = await readAll('Projects', { select: ['Id', 'Name', 'Region', 'Status', 'Owner', 'StartDate', 'Capex', 'Npv', 'UpdatedAt'] });
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => {
      const e = expected[i];
      expect(row).toEqual({
        Id: Number(e.id),
        Name: e.name,
        Region: e.region,
        Status: e.status,
        Owner: e.owner,
        StartDate: e.startDate,
        Capex: Number(e.capex),
        Npv: Number(e.npv),
        UpdatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      });
    });
  });
});
