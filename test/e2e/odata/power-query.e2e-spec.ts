// Replays what Excel/Power BI Power Query does against the feed (SPEC 9): service document,
// $metadata, then a collection read that follows every @odata.nextLink, once on a quiet
// table and once while rows are inserted and deleted between page fetches.
import { createHash } from 'node:crypto';
import { gunzipSync, inflateSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { ProjectsService } from '../../../src/projects/projects.service';
import { startTestApp, TestApp } from '../../support/test-app';
import { destroyAgent, feedTenant, FeedTenant, headerCount, loadProjects, POWER_QUERY_HEADERS, rawGet, RawResponse } from '../../support/odata-support';

type Row = { ProjectId: number; Year: number; NetCashflow: number };
const SELECT = 'ProjectId,Year,NetCashflow';
const FILTER = 'Year ge 2010 and NetCashflow ne 0';
const keyOf = (r: { ProjectId: number; Year: number }) => `${r.ProjectId}/${r.Year}`;
const checksum = (rows: Row[]) =>
  createHash('sha256')
    .update(
      rows
        .map((r) => `${keyOf(r)}:${r.NetCashflow.toFixed(2)}`)
        .sort()
        .join('\n'),
    )
    .digest('hex');

describe('OData feed: Power Query replay', () => {
  let t: TestApp;
  let acme: FeedTenant;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
    await loadProjects(t, acme.id, 1, 80, 50); // 4000 cashflows
    await loadProjects(t, acme.id, 81, 82, 130); // more cashflows than one expanded collection holds
    headers = { ...POWER_QUERY_HEADERS, Authorization: acme.auth, Prefer: 'odata.maxpagesize=50' };
  });
  afterAll(async () => {
    destroyAgent();
    await t.close();
  });

  /** What the database holds for the replayed query, read with plain SQL. */
  async function dbRows(): Promise<Row[]> {
    const rows: { projectId: number; year: number; netCashflow: string | number }[] = await t.app
      .get(DataSource)
      .query('SELECT `projectId`, `year`, `netCashflow` FROM `cashflow` WHERE `tenantId` = ? AND `year` >= 2010 AND `netCashflow` <> 0', [acme.id]);
    return rows.map((r) => ({ ProjectId: Number(r.projectId), Year: Number(r.year), NetCashflow: Number(r.netCashflow) }));
  }

  function expectPowerQueryCompatible(res: RawResponse): void {
    expect(res.status).toBe(200);
    expect(headerCount(res, 'OData-Version')).toBe(1);
    expect(res.headers['odata-version']).toBe('4.0');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  }

  /** Follows nextLinks from the first URL; `between` runs after each page. */
  async function walk(between?: (page: number) => Promise<void>): Promise<{ rows: Row[]; pages: number }> {
    let url: string | undefined = `${t.url}/acme/odata/Cashflows?$select=${SELECT}&$filter=${encodeURIComponent(FILTER)}`;
    const rows: Row[] = [];
    let pages = 0;
    while (url) {
      const res = await rawGet(url, headers);
      expectPowerQueryCompatible(res);
      expect(res.headers['preference-applied']).toBe('odata.maxpagesize=50');
      const body = res.json();
      expect(body['@odata.context']).toBe(`${t.url}/acme/odata/$metadata#Cashflows(${SELECT})`);
      expect(body.value.length).toBeLessThanOrEqual(50);
      for (const row of body.value) expect(Object.keys(row)).toEqual(['ProjectId', 'Year', 'NetCashflow']);
      rows.push(...body.value);
      pages++;
      url = body['@odata.nextLink'];
      if (url) {
        expect(url.startsWith(`${t.url}/acme/odata/Cashflows?`)).toBe(true);
        expect(body.value).toHaveLength(50);
      }
      if (between) await between(pages);
    }
    return { rows, pages };
  }

  it('reads the service document and $metadata with Power Query headers', async () => {
    const root = await rawGet(`${t.url}/acme/odata`, { ...POWER_QUERY_HEADERS, Authorization: acme.auth });
    expectPowerQueryCompatible(root);
    expect(root.json()).toEqual({
      '@odata.context': `${t.url}/acme/odata/$metadata`,
      value: [
        { name: 'Projects', kind: 'EntitySet', url: 'Projects' },
        { name: 'Cashflows', kind: 'EntitySet', url: 'Cashflows' },
      ],
    });
    const metadata = await rawGet(`${t.url}/acme/odata/$metadata`, { ...POWER_QUERY_HEADERS, Authorization: acme.auth });
    expect(metadata.status).toBe(200);
    expect(headerCount(metadata, 'OData-Version')).toBe(1);
    expect(metadata.headers['content-type']).toMatch(/^application\/xml/);
    expect(metadata.text).toContain('<EntitySet Name="Cashflows" EntityType="IPS.Cashflow">');
  });

  it('follows every nextLink to the end and receives exactly the database rows', async () => {
    const expected = await dbRows();
    expect(expected.length).toBeGreaterThan(2500);
    const { rows, pages } = await walk();
    expect(pages).toBe(Math.ceil(expected.length / 50));
    expect(new Set(rows.map(keyOf)).size).toBe(rows.length); // no duplicates
    expect(rows.length).toBe(expected.length); // no gaps
    expect(checksum(rows)).toBe(checksum(expected));
    // Keyset order is the key order: (ProjectId, Year) strictly increasing.
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(a.ProjectId < b.ProjectId || (a.ProjectId === b.ProjectId && a.Year < b.Year)).toBe(true);
    }
  });

  /** The JSON of a response, decompressed as its Content-Encoding says. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an OData page of any shape, read field by field
  function decoded(res: RawResponse): any {
    const encoding = res.headers['content-encoding'];
    const body = encoding === 'gzip' ? gunzipSync(res.body) : encoding === 'deflate' ? inflateSync(res.body) : res.body;
    return JSON.parse(body.toString('utf8'));
  }

  it('sends gzip (or deflate) pages to Accept-Encoding: gzip, deflate whose rows equal the uncompressed walk', async () => {
    const plain = await walk();
    for (const [accept, coding] of [
      ['gzip, deflate', 'gzip'],
      ['deflate', 'deflate'],
    ] as const) {
      let url: string | undefined = `${t.url}/acme/odata/Cashflows?$select=${SELECT}&$filter=${encodeURIComponent(FILTER)}`;
      const rows: Row[] = [];
      let compressedBytes = 0;
      let plainBytes = 0;
      while (url) {
        const res = await rawGet(url, { ...headers, 'Accept-Encoding': accept });
        expectPowerQueryCompatible(res);
        expect(res.headers['content-encoding']).toBe(coding);
        expect(res.headers.vary).toMatch(/Accept-Encoding/i);
        const body = decoded(res);
        compressedBytes += res.body.length;
        plainBytes += Buffer.byteLength(JSON.stringify(body));
        rows.push(...body.value);
        url = body['@odata.nextLink'];
      }
      expect(rows).toEqual(plain.rows);
      expect(compressedBytes).toBeLessThan(plainBytes / 3);
    }
    const metadata = await rawGet(`${t.url}/acme/odata/$metadata`, { ...POWER_QUERY_HEADERS, Authorization: acme.auth, 'Accept-Encoding': 'gzip, deflate' });
    expect(metadata.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(metadata.body).toString('utf8')).toMatch(/^<\?xml/);
    const identity = await rawGet(`${t.url}/acme/odata/Projects?$top=5`, { ...headers, 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
  });

  it('expands Cashflows from Projects and follows nextLinks at both levels (compressed)', async () => {
    const h = { ...headers, 'Accept-Encoding': 'gzip, deflate' };
    let url: string | undefined = `${t.url}/acme/odata/Projects?$select=Id,Name&$expand=Cashflows($select=Year,NetCashflow)`;
    const projects: { Id: number; Name: string; Cashflows: { Year: number; NetCashflow: number }[] }[] = [];
    let nestedLinks = 0;
    while (url) {
      const res = await rawGet(url, h);
      expectPowerQueryCompatible(res);
      const body = decoded(res);
      expect(body['@odata.context']).toBe(`${t.url}/acme/odata/$metadata#Projects(Id,Name)`);
      for (const p of body.value) {
        let next: string | undefined = p['Cashflows@odata.nextLink'];
        delete p['Cashflows@odata.nextLink'];
        while (next) {
          nestedLinks++;
          const page = await rawGet(next, h);
          expectPowerQueryCompatible(page);
          const nested = decoded(page);
          expect(nested['@odata.context']).toBe(`${t.url}/acme/odata/$metadata#Cashflows(Year,NetCashflow)`);
          p.Cashflows.push(...nested.value);
          next = nested['@odata.nextLink'];
        }
        projects.push(p);
      }
      url = body['@odata.nextLink'];
    }
    expect(nestedLinks).toBeGreaterThanOrEqual(2);
    const db = t.app.get(DataSource);
    const expected: { id: number; name: string }[] = await db.query('SELECT `id`, `name` FROM `project` WHERE `tenantId` = ? ORDER BY `id`', [acme.id]);
    expect(projects.map((p) => [p.Id, p.Name])).toEqual(expected.map((e) => [Number(e.id), e.name]));
    const cashflows: { projectId: number; year: number; netCashflow: string | number }[] = await db.query(
      'SELECT `projectId`, `year`, `netCashflow` FROM `cashflow` WHERE `tenantId` = ? ORDER BY `projectId`, `year`',
      [acme.id],
    );
    const flat = projects.flatMap((p) => p.Cashflows.map((c) => `${p.Id}/${c.Year}:${c.NetCashflow}`));
    expect(flat).toEqual(cashflows.map((c) => `${Number(c.projectId)}/${Number(c.year)}:${Number(c.netCashflow)}`));
  });

  it('delivers every row that exists during the whole walk exactly once while rows are inserted and deleted', async () => {
    const service = t.app.get(ProjectsService);
    const before = await dbRows();
    const projectIds = [...new Set(before.map((r) => r.ProjectId))].sort((a, b) => a - b);
    let nextNumber = 1000;
    const { rows } = await walk(async (page) => {
      if (page % 5 !== 0) return;
      // New rows (beyond and, via new projects, after the current position) ...
      const batch = [nextNumber++, nextNumber++].map((n) => n);
      await loadProjects(t, acme.id, batch[0], batch[1], 50);
      // ... and deletions both behind and ahead of the current position.
      const behind = projectIds.shift();
      const ahead = projectIds.pop();
      for (const id of [behind, ahead]) if (id !== undefined) await service.delete(acme.id, id);
    });
    const after = await dbRows();
    const afterKeys = new Set(after.map(keyOf));
    const beforeKeys = new Set(before.map(keyOf));
    const stable = before.filter((r) => afterKeys.has(keyOf(r)));
    expect(stable.length).toBeLessThan(before.length); // something was deleted during the walk
    expect(after.length).toBeGreaterThan(stable.length); // something was inserted during the walk

    const received = new Map<string, number>();
    for (const row of rows) received.set(keyOf(row), (received.get(keyOf(row)) ?? 0) + 1);
    expect([...received.values()].every((n) => n === 1)).toBe(true); // never twice
    for (const row of stable) expect([keyOf(row), received.get(keyOf(row))]).toEqual([keyOf(row), 1]);
    for (const key of received.keys()) expect(beforeKeys.has(key) || afterKeys.has(key)).toBe(true);
  });
});
