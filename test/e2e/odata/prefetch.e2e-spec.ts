// The next page read ahead (src/odata/odata-prefetch.ts): a walk through
// nextLinks gets exactly what a fresh query returns at each request, also when cashflows are
// replaced between pages, and a page read for one caller is never served to another caller,
// another tenant, or a caller whose access was taken away since.
import { DataSource } from 'typeorm';
import { odataPrefetches } from '../../../src/core/metrics/metrics';
import { basic, Browser, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { destroyAgent, feedTenant, FeedTenant, loadProjects, POWER_QUERY_HEADERS, rawGet } from '../../support/odata-support';
import { startTestApp, TestApp } from '../../support/test-app';

type Row = { ProjectId: number; Year: number; Revenue: number; NetCashflow: number };
const PAGE = 30;
const YEARS = 20;

/** How often a prefetched page was served (`used`) or refused as stale (`dropped`) so far. */
async function prefetchCount(result: 'used' | 'dropped'): Promise<number> {
  const metric = await odataPrefetches.get();
  return metric.values.find((v) => v.labels.result === result)?.value ?? 0;
}

describe('OData feed: next pages read ahead', () => {
  let t: TestApp;
  let acme: FeedTenant;
  let other: FeedTenant;
  let db: DataSource;
  let admin: Browser;
  let writer: Browser;
  /** Basic credentials of acme users: one with Data/Read, one with only Security/API Key. */
  let reader2Auth: string;
  let keyOnlyAuth: string;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
    other = await feedTenant(t, 'other');
    await loadProjects(t, acme.id, 1, 20, YEARS); // 400 rows: 14 pages of 30
    await loadProjects(t, other.id, 101, 120, YEARS);
    db = t.app.get(DataSource);
    admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    // Users and keys are made here: each write to them moves the ChangeTracker's generation,
    // which alone would drop every page read ahead and hide a wrong key.
    await createUserWithRoles(admin, 'acme', 'writer', ['Data/Write']);
    writer = await signIn(t, 'acme', 'writer', USER_PASSWORD);
    const keyOf = async (loginId: string, roles: string[]) => {
      await createUserWithRoles(admin, 'acme', loginId, roles);
      const user = await signIn(t, 'acme', loginId, USER_PASSWORD);
      return basic('FeedKey', (await user.post('/acme/api/v1/me/api-key').expect(201)).body.key as string);
    };
    reader2Auth = await keyOf('reader2', ['Security/API Key', 'Data/Read']);
    keyOnlyAuth = await keyOf('keyonly', ['Security/API Key']);
    // A key's first use records lastUsedAt, a watched write: done here, not between pages.
    for (const [tenant, auth] of [
      ['acme', acme.auth],
      ['acme', reader2Auth],
      ['acme', keyOnlyAuth],
      ['other', other.auth],
    ])
      await rawGet(`${t.url}/${tenant}/odata/`, { Authorization: auth });
  });
  afterAll(async () => {
    destroyAgent();
    await t.close();
  });

  const headers = (auth: string) => ({ ...POWER_QUERY_HEADERS, Authorization: auth, Prefer: `odata.maxpagesize=${PAGE}` });
  const first = (tenant: string) => `${t.url}/${tenant}/odata/Cashflows?$select=ProjectId,Year,Revenue,NetCashflow`;

  /** What a fresh query returns for the page after `after` (keyset order), read with plain SQL now. */
  async function freshPage(tenantId: number, after: Row | null): Promise<Row[]> {
    const rows: { projectId: number; year: number; revenue: string | number; netCashflow: string | number }[] = await db.query(
      'SELECT `projectId`, `year`, `revenue`, `netCashflow` FROM `cashflow` WHERE `tenantId` = ? AND (`projectId` > ? OR (`projectId` = ? AND `year` > ?)) ORDER BY `projectId`, `year` LIMIT ?',
      [tenantId, after?.ProjectId ?? 0, after?.ProjectId ?? 0, after?.Year ?? 0, PAGE],
    );
    return rows.map((r) => ({ ProjectId: Number(r.projectId), Year: Number(r.year), Revenue: Number(r.revenue), NetCashflow: Number(r.netCashflow) }));
  }

  /** GETs `url` as `auth`; the page must equal a fresh query after `after`. */
  async function page(url: string, auth: string, tenantId: number, after: Row | null): Promise<{ rows: Row[]; next?: string }> {
    const res = await rawGet(url, headers(auth));
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.value).toEqual(await freshPage(tenantId, after));
    return { rows: body.value, next: body['@odata.nextLink'] };
  }

  /** Walks the whole set as `auth`; `between` runs after each page with its last row. */
  async function walk(feed: FeedTenant, between?: (last: Row, pages: number) => Promise<void>): Promise<Row[]> {
    const rows: Row[] = [];
    let url: string | undefined = first(feed.name);
    let last: Row | null = null;
    while (url) {
      const got: { rows: Row[]; next?: string } = await page(url, feed.auth, feed.id, last);
      rows.push(...got.rows);
      last = got.rows[got.rows.length - 1];
      url = got.next;
      if (url && between) await between(last, Math.ceil(rows.length / PAGE));
    }
    return rows;
  }

  it('serves every page as a fresh query would, from pages read ahead', async () => {
    const used = await prefetchCount('used');
    const rows = await walk(acme);
    expect(rows).toHaveLength(20 * YEARS);
    const pages = Math.ceil(rows.length / PAGE);
    // From the second page on, each page reads the next one ahead.
    expect((await prefetchCount('used')) - used).toBe(pages - 2);
  });

  it('drops the page read ahead when cashflows are replaced between pages, through the Web API', async () => {
    const dropped = await prefetchCount('dropped');
    let round = 0;
    const rows = await walk(acme, async (last) => {
      // The next project is on the next page, already read ahead from the second page on:
      // new values and one year fewer, so a stale page would differ in values and in its rows.
      if (last.ProjectId >= 20) return; // acme's last project
      round++;
      const cashflows = Array.from({ length: YEARS - 1 }, (_, i) => {
        const revenue = 1000 * round + i;
        return { year: 2000 + i, revenue, opex: 0, capex: 0, netCashflow: revenue };
      });
      await writer.put(`/acme/api/v1/projects/${last.ProjectId + 1}/cashflows`, cashflows).expect(200);
    });
    expect(rows.length).toBeLessThan(20 * YEARS);
    expect((await prefetchCount('dropped')) - dropped).toBeGreaterThan(0);
  });

  it('keeps a page read ahead for its caller only: not another user, another tenant, or the caller after losing access', async () => {
    // The reader walks to the third page: the fourth is read ahead for it.
    const p1 = await page(first('acme'), acme.auth, acme.id, null);
    const p2 = await page(p1.next!, acme.auth, acme.id, p1.rows[PAGE - 1]);
    const p3 = await page(p2.next!, acme.auth, acme.id, p2.rows[PAGE - 1]);
    const fourth = p3.next!;
    const after = p3.rows[PAGE - 1];
    const used = await prefetchCount('used');

    // A user of the same tenant without Data/Read is refused by the guard before any rows.
    expect((await rawGet(fourth, headers(keyOnlyAuth))).status).toBe(403);
    // Another tenant's key is not valid for acme's URL; with its own tenant's URL and acme's token it reads its own rows.
    expect((await rawGet(fourth, headers(other.auth))).status).toBe(401);
    const otherRows = await page(fourth.replace('/acme/odata/', '/other/odata/'), other.auth, other.id, after);
    expect(otherRows.rows.every((r) => r.ProjectId > 20)).toBe(true);
    // Another reader of acme gets the same rows, from its own query: the prefetch stays unused.
    await page(fourth, reader2Auth, acme.id, after);
    expect(await prefetchCount('used')).toBe(used);
    // The reader itself finds its page read ahead (nothing was written since), and the fifth
    // is read ahead for it; then it loses Data/Read: the guard refuses the nextLink, and the
    // rows read for it are not sent.
    const fifth = (await page(fourth, acme.auth, acme.id, after)).next!;
    expect(await prefetchCount('used')).toBe(used + 1);
    const groups: { id: number; name: string }[] = (await admin.get('/acme/api/v1/workgroups').expect(200)).body;
    const readerGroup = groups.find((g) => g.name === 'wg-reader')!;
    await admin.delete(`/acme/api/v1/workgroups/${readerGroup.id}`).expect(204);
    expect((await rawGet(fifth, headers(acme.auth))).status).toBe(403);
    expect(await prefetchCount('used')).toBe(used + 1);
  });
});
