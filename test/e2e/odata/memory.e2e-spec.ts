// Export walk over 50,000 Cashflow rows in pages of 1000: memory stays flat (pages only, never
// the whole table) and a deep page costs about what the first page costs (keyset paging).
import { startTestApp, TestApp } from '../../support/test-app';
import { destroyAgent, feedTenant, FeedTenant, loadProjects, POWER_QUERY_HEADERS, rawGet } from '../../support/odata-support';

const MB = 1024 * 1024;

describe('OData feed: export walk memory and page cost', () => {
  let t: TestApp;
  let acme: FeedTenant;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
    await loadProjects(t, acme.id, 1, 1000, 50); // 50,000 cashflows
    headers = { ...POWER_QUERY_HEADERS, Authorization: acme.auth };
  }, 180_000);
  afterAll(async () => {
    destroyAgent();
    await t.close();
  });

  async function timed(url: string): Promise<{ ms: number; body: { value: unknown[]; '@odata.nextLink'?: string } }> {
    const start = process.hrtime.bigint();
    const res = await rawGet(url, headers);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text}`);
    return { ms, body: res.json() };
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

  it('walks 50,000 rows with bounded memory, the deep page as cheap as the first', async () => {
    const first = `${t.url}/acme/odata/Cashflows`;
    await timed(first); // warm-up
    const rssBefore = process.memoryUsage().rss;
    let url: string | undefined = first;
    let rows = 0;
    let pages = 0;
    let peak = rssBefore;
    const links: string[] = [];
    const walkStart = Date.now();
    while (url) {
      const { body } = await timed(url);
      rows += body.value.length;
      pages++;
      peak = Math.max(peak, process.memoryUsage().rss);
      url = body['@odata.nextLink'];
      if (url) links.push(url);
    }
    const walkMs = Date.now() - walkStart;
    const rssAfter = process.memoryUsage().rss;
    expect(rows).toBe(50_000);
    expect(pages).toBe(50);

    const firstTimes: number[] = [];
    const deepTimes: number[] = [];
    const deep = links[links.length - 1]; // page 50
    for (let i = 0; i < 7; i++) {
      firstTimes.push((await timed(first)).ms);
      deepTimes.push((await timed(deep)).ms);
    }
    const report = {
      db: t.db.kind,
      rssBeforeMB: +(rssBefore / MB).toFixed(1),
      rssAfterMB: +(rssAfter / MB).toFixed(1),
      rssPeakMB: +(peak / MB).toFixed(1),
      growthMB: +((rssAfter - rssBefore) / MB).toFixed(1),
      walkMs,
      firstPageMedianMs: +median(firstTimes).toFixed(1),
      page50MedianMs: +median(deepTimes).toFixed(1),
    };
    console.log(`OData export walk: ${JSON.stringify(report)}`);
    expect(rssAfter - rssBefore).toBeLessThan(150 * MB);
    expect(peak - rssBefore).toBeLessThan(150 * MB);
    // Keyset paging: page 50 does not scan the 49,000 rows before it (generous bound for CI noise).
    expect(median(deepTimes)).toBeLessThan(median(firstTimes) * 3 + 50);
  }, 180_000);
});
