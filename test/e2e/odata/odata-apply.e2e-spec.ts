// $apply (SPEC 5): every supported form equals the same GROUP BY in SQL, exactly. Decimal
// sums are compared as exact decimals: the reference sums integer cents in SQL, so a
// floating-point sum (SQLite stores DECIMAL as REAL) would show as a difference.
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';
import { feedBesideOtherTenant, FeedTenant, POWER_QUERY_HEADERS } from '../../support/odata-support';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Integer cents (number or decimal text from the driver) as the exact decimal number. */
function fromCents(cents: unknown): number | null {
  if (cents === null || cents === undefined) return null;
  const text = BigInt(`${cents as string | number}`.split('.')[0]).toString();
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).padStart(3, '0');
  return Number(`${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`);
}

describe('OData feed: $apply computed in the database', () => {
  let t: TestApp;
  let acme: FeedTenant;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    ({ acme, db } = await feedBesideOtherTenant(t, { acme: [1, 60], other: [900, 910], years: 45 })); // other's rows must never be counted
  });
  afterAll(() => t.close());

  async function readAll(set: string, apply: string, extra = '', prefer?: string): Promise<{ rows: Json[]; context: string; pages: number }> {
    const rows: Json[] = [];
    let context = '';
    let pages = 0;
    for (let url: string | undefined = `${t.url}/acme/odata/${set}?$apply=${encodeURIComponent(apply)}${extra}`; url; pages++) {
      const headers: Record<string, string> = { ...POWER_QUERY_HEADERS, Authorization: acme.auth };
      if (prefer) headers.Prefer = prefer;
      const res = await fetch(url, { headers });
      const body = (await res.json()) as Json;
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
      context ||= body['@odata.context'];
      rows.push(...body.value);
      url = body['@odata.nextLink'];
    }
    return { rows, context, pages };
  }

  const sql = (text: string, params: unknown[] = []): Promise<Json[]> => db.query(text, [acme.id, ...params]);

  it('aggregate(... with sum as Total) over all rows: one exact decimal', async () => {
    const { rows, context } = await readAll('Cashflows', 'aggregate(NetCashflow with sum as Total)');
    expect(context).toBe(`${t.url}/acme/odata/$metadata#Cashflows(Total)`);
    const [e] = await sql('SELECT SUM(ROUND(`netCashflow` * 100)) AS c FROM `cashflow` WHERE `tenantId` = ?');
    expect(rows).toEqual([{ Total: fromCents(e.c) }]);
  });

  it('filter(Year ge 2030)/groupby((Year),aggregate(NetCashflow with sum as Total)) equals GROUP BY', async () => {
    const { rows, context } = await readAll('Cashflows', 'filter(Year ge 2030)/groupby((Year),aggregate(NetCashflow with sum as Total))');
    expect(context).toBe(`${t.url}/acme/odata/$metadata#Cashflows(Year,Total)`);
    const expected = await sql(
      'SELECT `year`, SUM(ROUND(`netCashflow` * 100)) AS c FROM `cashflow` WHERE `tenantId` = ? AND `year` >= 2030 GROUP BY `year` ORDER BY `year`',
    );
    expect(expected.length).toBe(15);
    expect(rows).toEqual(expected.map((e) => ({ Year: Number(e.year), Total: fromCents(e.c) })));
  });

  it('groupby two properties with sum, min, max, average, countdistinct and $count', async () => {
    const apply =
      'groupby((Region,Status),aggregate(Capex with sum as TotalCapex,Npv with min as MinNpv,Npv with max as MaxNpv,Capex with average as AvgCapex,Owner with countdistinct as Owners,$count as Projects))';
    const { rows } = await readAll('Projects', apply);
    const expected = await sql(
      'SELECT `region`, `status`, SUM(ROUND(`capex` * 100)) AS c, MIN(`npv`) AS mn, MAX(`npv`) AS mx, COUNT(`capex`) AS nc, COUNT(DISTINCT `owner`) AS o, COUNT(*) AS n FROM `project` WHERE `tenantId` = ? GROUP BY `region`, `status` ORDER BY `region`, `status`',
    );
    expect(expected.length).toBeGreaterThan(5);
    expect(rows).toEqual(
      expected.map((e) => ({
        Region: e.region,
        Status: e.status,
        TotalCapex: fromCents(e.c),
        MinNpv: Number(e.mn),
        MaxNpv: Number(e.mx),
        AvgCapex: fromCents(e.c)! / Number(e.nc),
        Owners: Number(e.o),
        Projects: Number(e.n),
      })),
    );
  });

  it('groupby alone lists the distinct values; aggregate($count as N) counts', async () => {
    const { rows } = await readAll('Projects', 'groupby((Status))');
    const expected = await sql('SELECT DISTINCT `status` FROM `project` WHERE `tenantId` = ? ORDER BY `status`');
    expect(rows).toEqual(expected.map((e) => ({ Status: e.status })));
    const count = await readAll('Cashflows', 'filter(Revenue gt 500000)/aggregate($count as N)');
    const [n] = await sql('SELECT COUNT(*) AS n FROM `cashflow` WHERE `tenantId` = ? AND `revenue` > 500000');
    expect(count.rows).toEqual([{ N: Number(n.n) }]);
  });

  it('pages groups with a keyset $skiptoken, honouring $orderby on a grouping property and $top', async () => {
    const { rows, pages } = await readAll('Cashflows', 'groupby((ProjectId),aggregate(Revenue with sum as R))', '', 'odata.maxpagesize=7');
    expect(pages).toBe(9);
    const expected = await sql(
      'SELECT `projectId`, SUM(ROUND(`revenue` * 100)) AS c FROM `cashflow` WHERE `tenantId` = ? GROUP BY `projectId` ORDER BY `projectId`',
    );
    expect(rows).toEqual(expected.map((e) => ({ ProjectId: Number(e.projectId), R: fromCents(e.c) })));

    const top = await readAll('Cashflows', 'groupby((Year),aggregate(Opex with max as M))', '&$orderby=Year desc&$top=12', 'odata.maxpagesize=5');
    const expectedTop = await sql('SELECT `year`, MAX(`opex`) AS m FROM `cashflow` WHERE `tenantId` = ? GROUP BY `year` ORDER BY `year` DESC LIMIT 12');
    expect(top.rows).toEqual(expectedTop.map((e) => ({ Year: Number(e.year), M: Number(e.m) })));
  });

  it('works on a navigation path', async () => {
    const [p] = await sql('SELECT MIN(`id`) AS id FROM `project` WHERE `tenantId` = ?');
    const { rows } = await readAll(`Projects(${p.id})/Cashflows`, 'aggregate(Revenue with sum as R,$count as N)');
    const [e] = await sql('SELECT SUM(ROUND(`revenue` * 100)) AS c, COUNT(*) AS n FROM `cashflow` WHERE `tenantId` = ? AND `projectId` = ?', [p.id]);
    expect(rows).toEqual([{ R: fromCents(e.c), N: Number(e.n) }]);
  });

  it.each([
    ['an unknown property', 'groupby((Nope))', 400],
    ['sum of a string', 'aggregate(Name with sum as S)', 400],
    ['an alias that is a property', 'aggregate(Capex with sum as Npv)', 400],
    ['an unknown method', 'aggregate(Capex with median as M)', 400],
    ['an unknown transformation', 'frobnicate(1)', 400],
    ['a malformed groupby', 'groupby(Region)', 400],
    ['topcount', 'topcount(5,Capex)', 501],
    ['a transformation after groupby', 'groupby((Region))/filter(Region ne null)', 501],
    ['a custom aggregate', 'aggregate(Capex as C)', 501],
    ['grouping by a navigation path', 'groupby((Project/Name))', 501],
  ])('%s: %s → %d', async (_, apply, status) => {
    const set = apply.includes('Project/') ? 'Cashflows' : 'Projects';
    const res = await fetch(`${t.url}/acme/odata/${set}?$apply=${encodeURIComponent(apply)}`, { headers: { Authorization: acme.auth } });
    expect(res.status).toBe(status);
    expect(res.headers.get('odata-version')).toBe('4.0');
    expect(await res.json()).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('refuses options it does not combine with $apply', async () => {
    for (const extra of ['&$filter=Year eq 2030', '&$select=Year', '&$count=true', '&$orderby=T desc']) {
      const res = await fetch(`${t.url}/acme/odata/Cashflows?$apply=groupby((Year),aggregate(Revenue with sum as T))${extra}`, {
        headers: { Authorization: acme.auth },
      });
      expect([extra, res.status]).toEqual([extra, extra.includes('$orderby') ? 400 : 501]);
    }
  });

  it('declares Aggregation.ApplySupported with the transformations it supports', async () => {
    const xml = await (await fetch(`${t.url}/acme/odata/$metadata`, { headers: { Authorization: acme.auth } })).text();
    expect(xml).toContain(
      '<Annotation Term="Aggregation.ApplySupported"><Record><PropertyValue Property="Transformations"><Collection><String>filter</String><String>groupby</String><String>aggregate</String></Collection></PropertyValue>',
    );
  });
});
