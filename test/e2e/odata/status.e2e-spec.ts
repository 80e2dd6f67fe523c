// OData feed: status codes, headers and response shapes (SPEC 5), tenant isolation.
import request from 'supertest';
import { basic } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';
import { destroyAgent, feedTenant, FeedTenant, headerCount, loadProjects, POWER_QUERY_HEADERS, rawGet } from '../../support/odata-support';

describe('OData feed: status codes and shapes', () => {
  let t: TestApp;
  let a: FeedTenant;
  let b: FeedTenant;
  let firstProjectId: number;
  const get = (path: string, auth: string = a.auth) => request(t.url).get(path).set(POWER_QUERY_HEADERS).set('Authorization', auth);

  beforeAll(async () => {
    t = await startTestApp();
    a = await feedTenant(t, 'acme');
    b = await feedTenant(t, 'bravo');
    await loadProjects(t, a.id, 1, 30, 3);
    await loadProjects(t, b.id, 1001, 1005, 2);
    const first = await get('/acme/odata/Projects?$top=1&$select=Id').expect(200);
    firstProjectId = first.body.value[0].Id;
  });
  afterAll(async () => {
    destroyAgent();
    await t.close();
  });

  const expectODataError = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['odata-version']).toBe('4.0');
    expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  };

  it.each([
    ['syntax error', '/acme/odata/Projects?$filter=Name eq'],
    ['unknown property in $filter', "/acme/odata/Projects?$filter=Nope eq 'x'"],
    ['unknown property in $select', '/acme/odata/Projects?$select=Id,Nope'],
    ['unknown property in $orderby', '/acme/odata/Projects?$orderby=Nope desc'],
    ['bad literal', "/acme/odata/Projects?$filter=Id eq 'x'"],
    ['bad date literal', '/acme/odata/Projects?$filter=StartDate eq 2020-02-30'],
    ['negative $top', '/acme/odata/Projects?$top=-1'],
    ['non-integer $top', '/acme/odata/Projects?$top=1.5'],
    ['negative $skip', '/acme/odata/Projects?$skip=-3'],
    ['non-integer $skip', '/acme/odata/Projects?$skip=abc'],
    ['bad $count', '/acme/odata/Projects?$count=yes'],
    ['tampered $skiptoken', '/acme/odata/Projects?$skiptoken=eyJ2IjoxLCJrIjpbXX0'],
    ['garbage $skiptoken', "/acme/odata/Projects?$skiptoken=' or 1=1 --"],
    ['duplicate option', '/acme/odata/Projects?$top=1&$top=2'],
    ['unknown system option', '/acme/odata/Projects?$foo=1'],
    ['$filter on a single entity', '/acme/odata/Projects(1)?$filter=Id eq 1'],
    ['bad key literal', "/acme/odata/Projects('x')"],
    ['wrong key name', '/acme/odata/Cashflows(ProjectId=1,Month=3)'],
    ['missing key part', '/acme/odata/Cashflows(ProjectId=1)'],
    ['malformed percent-encoding', '/acme/odata/Projects?$filter=Name%20eq%20%27%ZZ%27'],
  ])('400 for %s', async (_, path) => {
    expectODataError(await get(path), 400);
  });

  it.each([
    ['$expand=*', '/acme/odata/Projects?$expand=*'],
    ['$apply=topcount', '/acme/odata/Projects?$apply=topcount(5,Capex)'],
    ['$search', '/acme/odata/Projects?$search=blue'],
    ['$compute', '/acme/odata/Projects?$compute=Capex mul 2 as Double'],
    ['mod of decimals', '/acme/odata/Projects?$filter=Capex mod 2 gt 0'],
    ['unsupported function', "/acme/odata/Projects?$filter=matchesPattern(Name,'^F')"],
    ['$format=xml', '/acme/odata/Projects?$format=xml'],
    ['property path', '/acme/odata/Projects(1)/Name'],
    ['key as segment', '/acme/odata/Projects/1'],
  ])('501 for %s', async (_, path) => {
    expectODataError(await get(path), 501);
  });

  it('404 for an unknown entity set, a missing key and an unknown tenant', async () => {
    expectODataError(await get('/acme/odata/Wells'), 404);
    expectODataError(await get('/acme/odata/projects'), 404); // names are case-sensitive
    expectODataError(await get('/acme/odata/Projects(999999)'), 404);
    expectODataError(await get('/acme/odata/Cashflows(ProjectId=1,Year=1800)'), 404);
    expectODataError(await request(t.url).get('/nobody/odata/Projects').set('Authorization', a.auth), 404);
  });

  it('authenticates before parsing: a malformed query without credentials is 401', async () => {
    for (const path of ['/acme/odata/Projects?$filter=((((', '/acme/odata/Projects?$expand=x', '/acme/odata/Nope(', '/acme/odata/$metadata']) {
      const res = await request(t.url).get(path);
      expectODataError(res, 401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="acme", charset="UTF-8"');
    }
    expectODataError(await get('/acme/odata/Projects?$filter=((((', basic('FeedKey', 'psk_wrong')), 401);
  });

  it('serves single entities with a /$entity context', async () => {
    const res = await get(`/acme/odata/Projects(${firstProjectId})`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json;odata\.metadata=minimal/);
    expect(res.body['@odata.context']).toBe(`${t.url}/acme/odata/$metadata#Projects/$entity`);
    expect(res.body).toMatchObject({ Id: firstProjectId, Name: 'Field 00001', Region: expect.any(String), Status: expect.any(String) });
    expect(res.body.StartDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body.UpdatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(typeof res.body.Capex).toBe('number');
    expect('Owner' in res.body).toBe(true);
    const named = await get(`/acme/odata/Projects(Id=${firstProjectId})?$select=Name`).expect(200);
    expect(named.body).toEqual({ '@odata.context': `${t.url}/acme/odata/$metadata#Projects(Name)/$entity`, Name: 'Field 00001' });
    const cf = await get(`/acme/odata/Cashflows(ProjectId=${firstProjectId},Year=2001)`).expect(200);
    expect(cf.body).toMatchObject({ '@odata.context': `${t.url}/acme/odata/$metadata#Cashflows/$entity`, ProjectId: firstProjectId, Year: 2001 });
    const reversed = await get(`/acme/odata/Cashflows(Year=2001,ProjectId=${firstProjectId})`).expect(200);
    expect(reversed.body).toEqual(cf.body);
  });

  it('keeps nulls in the JSON', async () => {
    const res = await get('/acme/odata/Projects?$filter=Owner eq null&$select=Id,Owner').expect(200);
    expect(res.body.value.length).toBeGreaterThan(0);
    for (const row of res.body.value) expect(row).toEqual({ Id: expect.any(Number), Owner: null });
  });

  it('answers /$count as text/plain, honouring $filter', async () => {
    const all = await get('/acme/odata/Projects/$count').expect(200);
    expect(all.headers['content-type']).toMatch(/^text\/plain/);
    expect(all.headers['odata-version']).toBe('4.0');
    expect(all.text).toBe('30');
    const some = await get('/acme/odata/Cashflows/$count?$filter=Year eq 2001').expect(200);
    expect(some.text).toBe('30');
  });

  it('accepts percent-encoded option names and $format=json', async () => {
    const res = await get('/acme/odata/Projects?%24top=2&%24select=Id&%24count=true&$format=json').expect(200);
    expect(res.body['@odata.count']).toBe(30);
    expect(res.body.value).toHaveLength(2);
    expect(res.body['@odata.context']).toBe(`${t.url}/acme/odata/$metadata#Projects(Id)`);
    const fmt = await get('/acme/odata/Projects?$format=application/json;odata.metadata=minimal&$top=1').expect(200);
    expect(fmt.body.value).toHaveLength(1);
  });

  it('honours Prefer: odata.maxpagesize and answers Preference-Applied', async () => {
    const res = await get('/acme/odata/Projects?$select=Id').set('Prefer', 'odata.maxpagesize=7').expect(200);
    expect(res.headers['preference-applied']).toBe('odata.maxpagesize=7');
    expect(res.body.value).toHaveLength(7);
    expect(res.body['@odata.nextLink']).toMatch(new RegExp(`^${t.url}/acme/odata/Projects\\?\\$select=Id&\\$skiptoken=`));
    const capped = await get('/acme/odata/Projects?$select=Id').set('Prefer', 'return=minimal, odata.maxpagesize=100000').expect(200);
    expect(capped.headers['preference-applied']).toBe('odata.maxpagesize=5000');
    expect(capped.body['@odata.nextLink']).toBeUndefined();
    const none = await get('/acme/odata/Projects?$select=Id').expect(200);
    expect(none.headers['preference-applied']).toBeUndefined();
    expect(none.body.value).toHaveLength(30);
  });

  it('pages with $top and $skip: $skip on the first page only, $top reduced in the nextLink', async () => {
    const all = (await get('/acme/odata/Projects?$select=Id&$orderby=Name desc').expect(200)).body.value.map((r: { Id: number }) => r.Id);
    const first = await get('/acme/odata/Projects?$select=Id&$orderby=Name desc&$skip=3&$top=10&$count=true').set('Prefer', 'odata.maxpagesize=4').expect(200);
    const link: string = first.body['@odata.nextLink'];
    expect(link).toContain('$top=6');
    expect(link).not.toContain('$skip=');
    expect(link).toContain('$orderby=Name%20desc');
    expect(link).toContain('$count=true');
    const ids = first.body.value.map((r: { Id: number }) => r.Id);
    let next: string | undefined = link;
    while (next) {
      const page: request.Response = await request(next)
        .get('')
        .set(POWER_QUERY_HEADERS)
        .set('Authorization', a.auth)
        .set('Prefer', 'odata.maxpagesize=4')
        .expect(200);
      expect(page.body['@odata.count']).toBe(30);
      ids.push(...page.body.value.map((r: { Id: number }) => r.Id));
      next = page.body['@odata.nextLink'];
    }
    expect(ids).toEqual(all.slice(3, 13));
  });

  it('refuses a token reused with another $orderby', async () => {
    const first = await get('/acme/odata/Projects?$select=Id&$orderby=Name').set('Prefer', 'odata.maxpagesize=5').expect(200);
    const token = new URL(first.body['@odata.nextLink']).searchParams.get('$skiptoken');
    expectODataError(await get(`/acme/odata/Projects?$select=Id&$orderby=Region&$skiptoken=${token}`), 400);
  });

  it('sends OData-Version exactly once on every kind of response', async () => {
    for (const [path, status] of [
      ['/acme/odata/', 200],
      ['/acme/odata', 200],
      ['/acme/odata/$metadata', 200],
      ['/acme/odata/Projects', 200],
      ['/acme/odata/Projects/$count', 200],
      [`/acme/odata/Projects(${firstProjectId})`, 200],
      ['/acme/odata/Projects?$filter=(', 400],
      ['/acme/odata/Projects?$expand=*', 501],
      ['/acme/odata/Nope', 404],
    ] as const) {
      const res = await rawGet(t.url + path, { ...POWER_QUERY_HEADERS, Authorization: a.auth });
      expect([path, res.status]).toEqual([path, status]);
      expect([path, headerCount(res, 'OData-Version')]).toEqual([path, 1]);
      expect(res.headers['odata-version']).toBe('4.0');
    }
    const unauth = await rawGet(t.url + '/acme/odata/Projects');
    expect(unauth.status).toBe(401);
    expect(headerCount(unauth, 'OData-Version')).toBe(1);
  });

  it('builds links from PUBLIC_URL-less requests with the Host header', async () => {
    const res = await get('/acme/odata/').set('Host', 'feeds.example.com:8443').expect(200);
    expect(res.body['@odata.context']).toBe('http://feeds.example.com:8443/acme/odata/$metadata');
    const bad = await get('/acme/odata/').set('Host', 'evil.com/x?').expect(200);
    expect(bad.body['@odata.context']).not.toContain('evil.com/x');
  });

  it('registers the OData routes without router warnings', () => {
    const mapped = t.logs.filter((line) => line.includes('/odata'));
    expect(mapped.some((line) => line.includes(':tenant/odata/*'))).toBe(true);
    expect(t.logs.filter((line) => /unsupported route path|legacy/i.test(line))).toEqual([]);
  });

  it('isolates tenants: a key of tenant A is refused on B, and B rows never appear in A', async () => {
    expectODataError(await get('/bravo/odata/Projects', a.auth), 401);
    expectODataError(await get('/bravo/odata/', a.auth), 401);
    const aRows = (await get('/acme/odata/Projects?$select=Id,Name').expect(200)).body.value;
    const bRows = (await get('/bravo/odata/Projects?$select=Id,Name', b.auth).expect(200)).body.value;
    expect(aRows).toHaveLength(30);
    expect(bRows).toHaveLength(5);
    const aIds = new Set(aRows.map((r: { Id: number }) => r.Id));
    for (const row of bRows) expect(aIds.has(row.Id)).toBe(false);
    expect(aRows.some((r: { Name: string }) => r.Name.startsWith('Field 0100'))).toBe(false);
    // B's entity addressed through A's feed does not exist there.
    expectODataError(await get(`/acme/odata/Projects(${bRows[0].Id})`), 404);
    const aCashflows = await get(`/acme/odata/Cashflows/$count?$filter=ProjectId eq ${bRows[0].Id}`).expect(200);
    expect(aCashflows.text).toBe('0');
  });
});
