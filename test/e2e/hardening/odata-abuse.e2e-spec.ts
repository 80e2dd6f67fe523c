// Issue 10, OData: every literal and token value is range-checked before it reaches the SQL,
// a malformed custom option is a 400 (it broke the nextLink), and a query string as long as
// the parser promises (24,000 characters) gets through the HTTP parser.
import http from 'node:http';
import { startTestApp, TestApp } from '../../support/test-app';
import { destroyAgent, feedTenant, FeedTenant, loadProjects } from '../../support/odata-support';

function get(t: TestApp, path: string, headers: Record<string, string>) {
  const url = new URL(t.url);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: 'GET', path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

const token = (values: unknown[]) => Buffer.from(JSON.stringify({ v: 1, k: values }), 'utf8').toString('base64url');

describe('OData under hostile queries', () => {
  let t: TestApp;
  let a: FeedTenant;

  beforeAll(async () => {
    t = await startTestApp();
    a = await feedTenant(t, 'acme');
    await loadProjects(t, a.id, 1, 5, 2);
  });
  afterAll(async () => {
    destroyAgent();
    await t.close();
  });

  const expect400 = (res: { status: number; headers: http.IncomingHttpHeaders; text: string }) => {
    expect(res.status).toBe(400);
    expect(res.headers['odata-version']).toBe('4.0');
    expect(JSON.parse(res.text).error.code).toEqual(expect.any(String));
  };

  it('refuses a 400-digit decimal or integer literal with 400 (it became Infinity in the SQL)', async () => {
    for (const literal of [`1${'0'.repeat(400)}.5`, '9'.repeat(400), `-${'9'.repeat(400)}.0`]) {
      expect400(await get(t, `/acme/odata/Projects?$filter=Capex%20gt%20${literal}`, { Authorization: a.auth }));
    }
    const fine = await get(t, `/acme/odata/Projects?$filter=Capex%20gt%20${'9'.repeat(30)}.5`, { Authorization: a.auth });
    expect(fine.status).toBe(200);
  });

  it('answers a custom option with bad percent-encoding with 400, also on a page that has a nextLink', async () => {
    const paged = await get(t, '/acme/odata/Projects?foo=bar', { Authorization: a.auth, Prefer: 'odata.maxpagesize=2' });
    expect(paged.status).toBe(200);
    expect(JSON.parse(paged.text)['@odata.nextLink']).toEqual(expect.any(String));
    expect400(await get(t, '/acme/odata/Projects?foo=%ZZ', { Authorization: a.auth, Prefer: 'odata.maxpagesize=2' }));
    expect400(await get(t, '/acme/odata/Projects?foo=%E0%A4%A', { Authorization: a.auth }));
  });

  it('refuses a forged $skiptoken whose bigint is outside the 64-bit range', async () => {
    const paged = await get(t, '/acme/odata/Projects', { Authorization: a.auth, Prefer: 'odata.maxpagesize=2' });
    const next = new URL(JSON.parse(paged.text)['@odata.nextLink']);
    const real = next.searchParams.get('$skiptoken')!;
    const decoded = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as { v: number; k: unknown[] };
    const forged = decoded.k.map((v) => (typeof v === 'number' ? { $bigint: '99999999999999999999' } : v));
    expect400(await get(t, `/acme/odata/Projects?$skiptoken=${token(forged)}`, { Authorization: a.auth }));
    const negative = decoded.k.map((v) => (typeof v === 'number' ? { $bigint: '-99999999999999999999' } : v));
    expect400(await get(t, `/acme/odata/Projects?$skiptoken=${token(negative)}`, { Authorization: a.auth }));
    // The real token still works.
    expect((await get(t, next.pathname + next.search, { Authorization: a.auth })).status).toBe(200);
  });

  it('reaches the parser with a query string of almost 24,000 characters', async () => {
    const value = 'é'.repeat(3900);
    const query = `$filter=${encodeURIComponent(`Name eq '${value}'`)}`;
    expect(query.length).toBeGreaterThan(16_384);
    expect(query.length).toBeLessThan(24_000);
    const res = await get(t, `/acme/odata/Projects?${query}`, { Authorization: a.auth });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).value).toEqual([]);
  });

  // The parser's bound is on the query string (src/odata/query/odata-limits.ts,
  // MAX_QUERY_STRING_LENGTH): a $filter of `length` characters, percent-encoded é's padded with a's.
  const filterOf = (length: number) => {
    const [head, tail] = [`$filter=${encodeURIComponent("Name eq '")}`, "'"];
    const room = length - head.length - tail.length;
    const query = head + '%C3%A9'.repeat(Math.floor(room / 6)) + 'a'.repeat(room % 6) + tail;
    expect(query.length).toBe(length);
    return query;
  };
  const path = '/acme/odata/Projects?';

  it.each([
    ['a URL (path and query) of exactly 24,000 characters', 24_000 - path.length],
    ['a URL of 24,001 characters, since the bound is on the query string alone', 24_001 - path.length],
    ['a query string of exactly 24,000 characters', 24_000],
  ])('answers %s from the parser (200, no match)', async (_what, length) => {
    const res = await get(t, path + filterOf(length), { Authorization: a.auth });
    expect(res.status).toBe(200);
    expect(res.headers['odata-version']).toBe('4.0');
    expect(JSON.parse(res.text).value).toEqual([]);
  });

  it("refuses a query string of 24,001 characters with the parser's 400 and the OData error body", async () => {
    const res = await get(t, path + filterOf(24_001), { Authorization: a.auth });
    expect400(res);
    expect(JSON.parse(res.text).error).toEqual({ code: 'BadRequest', message: 'query string too long (max 24000 characters) at position 0' });
  });
});
