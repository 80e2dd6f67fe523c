// The further $filter functions and the arithmetic operators (SPEC 5): each case runs through
// the feed and is compared with the same predicate evaluated in JavaScript over the rows read
// directly with SQL, so the translation (SQLite and MariaDB alike) is checked against an
// oracle that shares none of its code.
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';
import { feedTenant, FeedTenant, loadProjects, POWER_QUERY_HEADERS } from '../../support/odata-support';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface P {
  id: number;
  name: string;
  region: string;
  status: string;
  owner: string | null;
  startDate: string;
  capex: number;
  npv: number;
  updatedAt: Date;
}

/** OData round: half away from zero. */
const round = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

describe('OData feed: functions and arithmetic against a JavaScript oracle', () => {
  let t: TestApp;
  let acme: FeedTenant;
  let rows: P[];
  let cashflows: { projectId: number; year: number; revenue: number; opex: number }[];

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
    await loadProjects(t, acme.id, 1, 80, 3);
    const db = t.app.get(DataSource);
    const utc = (v: unknown) => (v instanceof Date ? v : new Date(String(v).replace(' ', 'T') + 'Z'));
    rows = (await db.query('SELECT * FROM `project` WHERE `tenantId` = ? ORDER BY `id`', [acme.id])).map((r: Json) => ({
      id: Number(r.id),
      name: r.name,
      region: r.region,
      status: r.status,
      owner: r.owner,
      startDate: String(r.startDate instanceof Date ? r.startDate.toISOString() : r.startDate).slice(0, 10),
      capex: Number(r.capex),
      npv: Number(r.npv),
      updatedAt: utc(r.updatedAt),
    }));
    cashflows = (await db.query('SELECT * FROM `cashflow` WHERE `tenantId` = ? ORDER BY `projectId`, `year`', [acme.id])).map((r: Json) => ({
      projectId: Number(r.projectId),
      year: Number(r.year),
      revenue: Number(r.revenue),
      opex: Number(r.opex),
    }));
  });
  afterAll(() => t.close());

  async function ids(set: string, filter: string): Promise<string[]> {
    const out: string[] = [];
    for (let url: string | undefined = `${t.url}/acme/odata/${set}?$filter=${encodeURIComponent(filter)}`; url;) {
      const res = await fetch(url, { headers: { ...POWER_QUERY_HEADERS, Authorization: acme.auth } });
      const body = (await res.json()) as Json;
      if (res.status !== 200) throw new Error(`${filter}: ${res.status} ${JSON.stringify(body)}`);
      out.push(...body.value.map((r: Json) => (set === 'Projects' ? String(r.Id) : `${r.ProjectId}/${r.Year}`)));
      url = body['@odata.nextLink'];
    }
    return out;
  }

  const PROJECT_CASES: [string, (p: P) => boolean][] = [
    ['length(Name) gt 10', (p) => p.name.length > 10],
    ['length(Owner) eq 14', (p) => p.owner !== null && [...p.owner].length === 14],
    ["indexof(Name,'Deep') ge 0", (p) => p.name.includes('Deep')],
    ["indexof(Name,'0001') eq 6", (p) => p.name.indexOf('0001') === 6],
    ["substring(Name,6) eq '00007'", (p) => p.name.slice(6) === '00007'],
    ["substring(Name,6,4) eq '0001'", (p) => p.name.slice(6, 10) === '0001'],
    ["concat(concat(Region,'/'),Status) eq 'Permian/Approved'", (p) => `${p.region}/${p.status}` === 'Permian/Approved'],
    ["length(trim(concat(' ',Region))) eq length(Region) and startswith(trim(concat(Region,' ')),'North')", (p) => p.region.startsWith('North')],
    ["contains(concat(Name,Region),'7Permian')", (p) => (p.name + p.region).includes('7Permian')],
    ['round(Npv) gt 100000', (p) => round(p.npv) > 100000],
    ['floor(Capex div 1000000) eq 300', (p) => Math.floor(p.capex / 1000000) === 300],
    ['ceiling(Npv div 100000) le 0', (p) => Math.ceil(p.npv / 100000) <= 0],
    ['Capex sub Npv gt 300000000', (p) => p.capex - p.npv > 300000000],
    ['Id mod 3 eq 1', (p) => p.id % 3 === 1],
    ['Id div 2 eq 3', (p) => Math.trunc(p.id / 2) === 3],
    ['-Npv gt 0', (p) => -p.npv > 0],
    ['-(-Npv) gt -(-100000)', (p) => p.npv > 100000],
    ['Capex mul 2 ge 2 mul Npv add 600000000', (p) => p.capex * 2 >= 2 * p.npv + 600000000],
    ['year(StartDate) add 1 eq 2011', (p) => Number(p.startDate.slice(0, 4)) + 1 === 2011],
    ['Capex divby 1000 gt 300000.5', (p) => p.capex / 1000 > 300000.5],
    ['UpdatedAt le now()', () => true],
  ];

  it.each(PROJECT_CASES)('%s', async (filter, predicate) => {
    expect(await ids('Projects', filter)).toEqual(rows.filter(predicate).map((p) => String(p.id)));
  });

  it('most function cases select some but not all rows', () => {
    const partial = PROJECT_CASES.filter(([, f]) => {
      const n = rows.filter(f).length;
      return n > 0 && n < rows.length;
    });
    expect(partial.length).toBeGreaterThanOrEqual(16);
  });

  it.each([
    ['length(Name) desc,Id', (a: P, b: P) => b.name.length - a.name.length || a.id - b.id],
    ['Capex sub Npv', (a: P, b: P) => a.capex - a.npv - (b.capex - b.npv) || a.id - b.id],
    [
      "indexof(Name,'Deep') desc,round(Npv div 1000)",
      (a: P, b: P) => b.name.indexOf('Deep') - a.name.indexOf('Deep') || round(a.npv / 1000) - round(b.npv / 1000) || a.id - b.id,
    ],
    [
      'year(StartDate),month(StartDate) desc',
      (a: P, b: P) =>
        a.startDate.slice(0, 4).localeCompare(b.startDate.slice(0, 4)) || b.startDate.slice(5, 7).localeCompare(a.startDate.slice(5, 7)) || a.id - b.id,
    ],
  ])('orders by %s across keyset pages', async (orderby, compare) => {
    const got: number[] = [];
    for (let url: string | undefined = `${t.url}/acme/odata/Projects?$select=Id&$orderby=${encodeURIComponent(orderby)}`; url;) {
      const res = await fetch(url, { headers: { ...POWER_QUERY_HEADERS, Authorization: acme.auth, Prefer: 'odata.maxpagesize=7' } });
      const body = (await res.json()) as Json;
      if (res.status !== 200) throw new Error(`${orderby}: ${res.status} ${JSON.stringify(body)}`);
      got.push(...body.value.map((r: Json) => r.Id));
      url = body['@odata.nextLink'];
    }
    expect(got).toEqual([...rows].sort(compare).map((p) => p.id));
  });

  it('id div 2 is integer division', async () => {
    const id = rows[10].id;
    const half = Math.trunc(id / 2);
    expect(await ids('Projects', `Id div 2 eq ${half}`)).toEqual(rows.filter((p) => Math.trunc(p.id / 2) === half).map((p) => String(p.id)));
    expect(await ids('Projects', `Id divby 2 eq ${id / 2}`)).toEqual([String(id)]);
  });

  it('hour, minute, second and date of a DateTimeOffset', async () => {
    const u = rows[0].updatedAt;
    const filter = `hour(UpdatedAt) eq ${u.getUTCHours()} and minute(UpdatedAt) eq ${u.getUTCMinutes()} and second(UpdatedAt) eq ${u.getUTCSeconds()} and date(UpdatedAt) eq ${u.toISOString().slice(0, 10)}`;
    const expected = rows.filter(
      (p) =>
        p.updatedAt.getUTCHours() === u.getUTCHours() &&
        p.updatedAt.getUTCMinutes() === u.getUTCMinutes() &&
        p.updatedAt.getUTCSeconds() === u.getUTCSeconds() &&
        p.updatedAt.toISOString().slice(0, 10) === u.toISOString().slice(0, 10),
    );
    expect(await ids('Projects', filter)).toEqual(expected.map((p) => String(p.id)));
  });

  it('arithmetic over cashflow decimals', async () => {
    const got = await ids('Cashflows', 'Revenue sub Opex gt 500000 and Year mod 2 eq 0');
    expect(got).toEqual(cashflows.filter((c) => c.revenue - c.opex > 500000 && c.year % 2 === 0).map((c) => `${c.projectId}/${c.year}`));
  });

  it.each([
    ['length(Capex) gt 1', 400],
    ['Name add 1 gt 2', 400],
    ["substring(Name,'a') eq 'x'", 400],
    ["-Name eq 'x'", 400],
    ['hour(StartDate) eq 1', 400],
    ['round(Name) eq 1', 400],
    ["concat(Name) eq 'x'", 400],
    ['now(1) eq UpdatedAt', 400],
    ['Capex mod 2 eq 1', 501],
    ['StartDate add 1 eq 2020-01-01', 501],
  ])('%s → %d', async (filter, status) => {
    const res = await fetch(`${t.url}/acme/odata/Projects?$filter=${encodeURIComponent(filter)}`, { headers: { Authorization: acme.auth } });
    expect(res.status).toBe(status);
    expect(res.headers.get('odata-version')).toBe('4.0');
  });
});
