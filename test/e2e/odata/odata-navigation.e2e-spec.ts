// Navigation (SPEC 5, 6): $expand with nested options, navigation paths paged with keyset
// tokens, and any/all lambdas. URLs are built by an independent client (odata-query) and
// every result is compared with direct SQL on the same database.
import buildQuery, { QueryOptions } from 'odata-query';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';
import { feedTenant, FeedTenant, loadProjects, POWER_QUERY_HEADERS } from '../../support/odata-support';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('OData feed: navigation properties, $expand, navigation paths and lambdas', () => {
  let t: TestApp;
  let acme: FeedTenant;
  let db: DataSource;
  let ids: number[];
  let bigIds: number[];

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
    const other = await feedTenant(t, 'other');
    await loadProjects(t, acme.id, 1, 40, 60);
    // Three projects with more cashflows than one expanded page holds (100).
    await loadProjects(t, acme.id, 41, 43, 130);
    await loadProjects(t, acme.id, 44, 44, 0); // a project without cashflows
    await loadProjects(t, other.id, 500, 505, 60); // must never show up
    db = t.app.get(DataSource);
    ids = (await db.query('SELECT `id` FROM `project` WHERE `tenantId` = ? ORDER BY `id`', [acme.id])).map((r: Json) => Number(r.id));
    const big = await db.query('SELECT `projectId` FROM `cashflow` WHERE `tenantId` = ? GROUP BY `projectId` HAVING COUNT(*) > 100 ORDER BY `projectId`', [
      acme.id,
    ]);
    bigIds = big.map((r: Json) => Number(r.projectId));
    expect(bigIds).toHaveLength(3);
  });
  afterAll(() => t.close());

  async function get(url: string, prefer?: string): Promise<Json> {
    const headers: Record<string, string> = { ...POWER_QUERY_HEADERS, Authorization: acme.auth };
    if (prefer) headers.Prefer = prefer;
    const res = await fetch(url, { headers });
    const body = (await res.json()) as Json;
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  /** Every row of a collection, following @odata.nextLink. */
  async function readAll(url: string, prefer?: string): Promise<Json[]> {
    const rows: Json[] = [];
    for (let next: string | undefined = url; next;) {
      const body = await get(next, prefer);
      rows.push(...body.value);
      next = body['@odata.nextLink'];
    }
    return rows;
  }

  /** Projects with their expanded Cashflows, following nextLinks at both levels. */
  async function readExpanded(query: Partial<QueryOptions<Json>>, prefer?: string): Promise<Json[]> {
    const projects = await readAll(`${t.url}/acme/odata/Projects${buildQuery(query)}`, prefer);
    for (const p of projects) {
      let next: string | undefined = p['Cashflows@odata.nextLink'];
      delete p['Cashflows@odata.nextLink'];
      while (next) {
        const body = await get(next);
        p.Cashflows.push(...body.value);
        next = body['@odata.nextLink'];
      }
    }
    return projects;
  }

  const sqlCashflows = (where: string, order = '`projectId`, `year`', params: unknown[] = []): Promise<Json[]> =>
    db.query(`SELECT * FROM \`cashflow\` WHERE \`tenantId\` = ? AND (${where}) ORDER BY ${order}`, [acme.id, ...params]);

  it('expands Cashflows with nested $filter and $select, equal to SQL, nested nextLinks followed', async () => {
    const query = { select: ['Id', 'Name'], expand: { Cashflows: { filter: { Year: { ge: 2040 } }, select: ['Year', 'NetCashflow'] } } };
    expect(buildQuery(query)).toBe('?$select=Id,Name&$expand=Cashflows($filter=Year ge 2040;$select=Year,NetCashflow)');
    const first = await get(`${t.url}/acme/odata/Projects${buildQuery(query)}`);
    expect(first['@odata.context']).toBe(`${t.url}/acme/odata/$metadata#Projects(Id,Name)`);
    expect(first.value[0]).toEqual({ Id: ids[0], Name: 'Field 00001', Cashflows: expect.any(Array) });
    expect(first.value[0].Cashflows[0]).toEqual({ Year: 2040, NetCashflow: expect.any(Number) });

    const projects = await readExpanded(query);
    expect(projects.map((p) => p.Id)).toEqual(ids);
    const expected = await sqlCashflows('`year` >= 2040');
    for (const p of projects) {
      const mine = expected.filter((r) => Number(r.projectId) === p.Id).map((r) => ({ Year: Number(r.year), NetCashflow: Number(r.netCashflow) }));
      expect([p.Id, p.Cashflows]).toEqual([p.Id, mine]);
    }
    // The big projects have 90 rows from 2040: one expanded page. Without the filter they need a nested nextLink.
    const all = await get(`${t.url}/acme/odata/Projects?$filter=Id eq ${bigIds[0]}&$expand=Cashflows`);
    expect(all.value[0].Cashflows).toHaveLength(100);
    expect(all.value[0]['Cashflows@odata.nextLink']).toMatch(new RegExp(`^${t.url}/acme/odata/Projects\\(${bigIds[0]}\\)/Cashflows\\?\\$skiptoken=`));
    const rest = await readAll(all.value[0]['Cashflows@odata.nextLink']);
    expect([...all.value[0].Cashflows, ...rest].map((c: Json) => c.Year)).toEqual(Array.from({ length: 130 }, (_, i) => 2000 + i));
  });

  it('expands with nested $orderby and $top per project, equal to SQL', async () => {
    const projects = await readExpanded({ expand: { Cashflows: { orderBy: ['NetCashflow desc'], top: 3, select: ['Year'] } } }, 'odata.maxpagesize=9');
    expect(projects).toHaveLength(ids.length);
    for (const p of projects) {
      const expected = (await sqlCashflows('`projectId` = ?', '`netCashflow` DESC, `year` ASC LIMIT 3', [p.Id])).map((r) => ({ Year: Number(r.year) }));
      expect([p.Id, p.Cashflows]).toEqual([p.Id, expected]);
    }
  });

  it('pages the parents of an expanded collection and carries $expand into the nextLink', async () => {
    const first = await get(`${t.url}/acme/odata/Projects?$expand=Cashflows($top=1)&$select=Id`, 'odata.maxpagesize=500');
    expect(first.value).toHaveLength(ids.length); // 44 < 100 parents a page
    const small = await get(`${t.url}/acme/odata/Projects?$expand=Cashflows($top=1)&$select=Id`, 'odata.maxpagesize=10');
    expect(small.value).toHaveLength(10);
    expect(small['@odata.nextLink']).toContain('$expand=Cashflows(%24top%3D1)');
    const all = await readExpanded({ select: ['Id'], expand: { Cashflows: { top: 1 } } }, 'odata.maxpagesize=10');
    expect(all.map((p) => p.Id)).toEqual(ids);
    for (const p of all) expect(p.Cashflows).toHaveLength(p.Id === ids[ids.length - 1] ? 0 : 1);
  });

  it('expands the single-valued Project of Cashflows, equal to the SQL join', async () => {
    const rows = await readAll(
      `${t.url}/acme/odata/Cashflows${buildQuery<Json>({ filter: { Year: 2030 }, expand: { Project: { select: ['Name', 'Region'] } } })}`,
      'odata.maxpagesize=15',
    );
    const expected: Json[] = await db.query(
      'SELECT c.`projectId`, p.`name`, p.`region` FROM `cashflow` c JOIN `project` p ON p.`id` = c.`projectId` AND p.`tenantId` = c.`tenantId` WHERE c.`tenantId` = ? AND c.`year` = 2030 ORDER BY c.`projectId`',
      [acme.id],
    );
    expect(rows.map((r) => [r.ProjectId, r.Project])).toEqual(expected.map((e) => [Number(e.projectId), { Name: e.name, Region: e.region }]));
  });

  it('pages a navigation path to the end without duplicates or gaps, with $filter, $orderby and /$count', async () => {
    const id = bigIds[1];
    const url = `${t.url}/acme/odata/Projects(${id})/Cashflows${buildQuery<Json>({ filter: { Year: { ge: 2010 } }, orderBy: ['Revenue desc'], select: ['Year', 'Revenue'] })}`;
    const first = await get(url, 'odata.maxpagesize=7');
    expect(first['@odata.context']).toBe(`${t.url}/acme/odata/$metadata#Cashflows(Year,Revenue)`);
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${t.url}/acme/odata/Projects\\(${id}\\)/Cashflows\\?`));
    const rows = await readAll(url, 'odata.maxpagesize=7');
    const expected = await sqlCashflows('`projectId` = ? AND `year` >= 2010', '`revenue` DESC, `projectId` ASC, `year` ASC', [id]);
    expect(rows.map((r) => r.Year)).toEqual(expected.map((r) => Number(r.year)));
    expect(new Set(rows.map((r) => r.Year)).size).toBe(rows.length);
    const count = await fetch(`${t.url}/acme/odata/Projects(${id})/Cashflows/$count?$filter=Year ge 2010`, { headers: { Authorization: acme.auth } });
    expect(await count.text()).toBe(String(expected.length));
  });

  it('follows Cashflows(ProjectId=..,Year=..)/Project and answers 404 for missing sources', async () => {
    const id = ids[5];
    const project = await get(`${t.url}/acme/odata/Cashflows(ProjectId=${id},Year=2030)/Project?$select=Id,Name`);
    expect(project).toEqual({ '@odata.context': `${t.url}/acme/odata/$metadata#Projects(Id,Name)/$entity`, Id: id, Name: 'Field 00006' });
    const viaKey = await get(`${t.url}/acme/odata/Projects(${id})?$expand=Cashflows($filter=Year eq 2030)`);
    expect(viaKey.Cashflows).toEqual([expect.objectContaining({ ProjectId: id, Year: 2030 })]);
    for (const path of [`Cashflows(ProjectId=${id},Year=1800)/Project`, 'Projects(999999)/Cashflows', 'Projects(999999)/Cashflows/$count']) {
      const res = await fetch(`${t.url}/acme/odata/${path}`, { headers: { Authorization: acme.auth } });
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers.get('odata-version')).toBe('4.0');
    }
    const foreign = (await db.query('SELECT p.`id` FROM `project` p JOIN `tenant` t ON t.`id` = p.`tenantId` WHERE t.`name` = ? LIMIT 1', ['other']))[0].id;
    const res = await fetch(`${t.url}/acme/odata/Projects(${foreign})/Cashflows`, { headers: { Authorization: acme.auth } });
    expect(res.status).toBe(404);
  });

  it.each([
    [
      'any with a predicate',
      'Cashflows/any(c:c/NetCashflow gt 900000 and c/Year ge 2050)',
      'EXISTS (SELECT 1 FROM `cashflow` c WHERE c.`tenantId` = p.`tenantId` AND c.`projectId` = p.`id` AND c.`netCashflow` > 900000 AND c.`year` >= 2050)',
    ],
    [
      'all',
      'Cashflows/all(c:c/Year lt 2060 and c/Revenue ne 0)',
      'NOT EXISTS (SELECT 1 FROM `cashflow` c WHERE c.`tenantId` = p.`tenantId` AND c.`projectId` = p.`id` AND NOT (c.`year` < 2060 AND c.`revenue` <> 0))',
    ],
    [
      'not any, mixed with the outer entity',
      "Region eq 'Permian' or not Cashflows/any(x: x/Year eq 2100)",
      "p.`region` = 'Permian' OR NOT EXISTS (SELECT 1 FROM `cashflow` c WHERE c.`tenantId` = p.`tenantId` AND c.`projectId` = p.`id` AND c.`year` = 2100)",
    ],
    ['any()', 'Cashflows/any()', 'EXISTS (SELECT 1 FROM `cashflow` c WHERE c.`tenantId` = p.`tenantId` AND c.`projectId` = p.`id`)'],
  ])('filters with %s, equal to SQL', async (_, filter, where) => {
    const rows = await readAll(`${t.url}/acme/odata/Projects?$select=Id&$filter=${encodeURIComponent(filter)}`, 'odata.maxpagesize=11');
    const expected: Json[] = await db.query(`SELECT p.\`id\` FROM \`project\` p WHERE p.\`tenantId\` = ? AND (${where}) ORDER BY p.\`id\``, [acme.id]);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(ids.length);
    expect(rows.map((r) => r.Id)).toEqual(expected.map((e) => Number(e.id)));
  });

  it.each([
    ['$expand of a property', '/Projects?$expand=Name', 400],
    ['$expand of an unknown name', '/Projects?$expand=Wells', 400],
    ['unknown property in a nested $filter', '/Projects?$expand=Cashflows($filter=Nope eq 1)', 400],
    ['nested $top on a single-valued navigation', '/Cashflows?$expand=Project($top=1)', 400],
    ['unbalanced nested options', '/Projects?$expand=Cashflows($top=1', 400],
    ['unknown property of a lambda variable', '/Projects?$filter=Cashflows/any(c:c/Nope eq 1)', 400],
    ['lambda over a non-navigation', '/Projects?$filter=Name/any(c:c eq 1)', 501],
    ['all() without a predicate', '/Projects?$filter=Cashflows/all()', 400],
    ['$expand=*', '/Projects?$expand=*', 501],
    ['nested $expand', '/Projects?$expand=Cashflows($expand=Project)', 501],
    ['a key after a navigation path', '/Projects(1)/Cashflows(ProjectId=1,Year=2030)', 501],
  ])('%s: %s → %d', async (_, path, status) => {
    const res = await fetch(`${t.url}/acme/odata${path}`, { headers: { Authorization: acme.auth } });
    expect(res.status).toBe(status);
    expect(res.headers.get('odata-version')).toBe('4.0');
    expect(await res.json()).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  });
});
