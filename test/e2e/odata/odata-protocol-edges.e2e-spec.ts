// The OData surface at its edges (SPEC 5, 9): $metadata stays XML whatever the Accept header
// (CSDL JSON only on an explicit $format), methods other than GET/HEAD are 405 with Allow
// (after authentication), $batch is 501, and errors raised below the app (bad URL encoding, URL too long, unrouted methods) still carry
// OData-Version and the OData error body.
import http from 'node:http';
import request from 'supertest';
import { startTestApp, TestApp } from '../../support/test-app';
import { destroyAgent, feedTenant, FeedTenant, headerCount, POWER_QUERY_HEADERS, rawGet } from '../../support/odata-support';

/** Sends a request exactly as given (no client-side URL normalisation). */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const url = new URL(base);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; rawHeaders: string[]; text: string }>((resolve, reject) => {
    const sized = body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: sized }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('OData feed: protocol edges', () => {
  let t: TestApp;
  let a: FeedTenant;

  beforeAll(async () => {
    t = await startTestApp();
    a = await feedTenant(t, 'acme');
  });
  afterAll(async () => {
    destroyAgent();
    await t.close();
  });

  const expectODataError = (res: { status: number; headers: http.IncomingHttpHeaders; text: string }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['odata-version']).toBe('4.0');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.text)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  };

  it('serves $metadata as XML whatever the Accept header says', async () => {
    for (const accept of [POWER_QUERY_HEADERS.Accept, 'application/json', 'application/json;odata.metadata=full', '*/*', 'text/html']) {
      const res = await rawGet(`${t.url}/acme/odata/$metadata`, { Accept: accept, Authorization: a.auth });
      expect([accept, res.status]).toEqual([accept, 200]);
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      expect(res.text).toMatch(/^<\?xml/);
      expect(headerCount(res, 'OData-Version')).toBe(1);
    }
    const xml = await rawGet(`${t.url}/acme/odata/$metadata?$format=xml`, { Authorization: a.auth });
    expect(xml.headers['content-type']).toMatch(/^application\/xml/);
  });

  it('answers CSDL JSON only to an explicit $format=application/json; other formats stay 501', async () => {
    // The document itself is checked in metadata-json.e2e-spec.ts.
    const res = await rawGet(`${t.url}/acme/odata/$metadata?$format=application/json`, { Authorization: a.auth });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json().$Version).toBe('4.0');
    expectODataError(await rawGet(`${t.url}/acme/odata/$metadata?$format=atom`, { Authorization: a.auth }), 501);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('answers %s with 405, Allow: GET, HEAD and the OData body', async (method) => {
    for (const path of ['/acme/odata/Projects', '/acme/odata/Projects(1)', '/acme/odata/', '/acme/odata']) {
      const res = await rawRequest(t.url, method, path, { Authorization: a.auth, 'Content-Type': 'application/json' }, '{"Name":"x"}');
      if (res.status !== 405) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
      expectODataError(res, 405);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(headerCount(res as never, 'OData-Version')).toBe(1);
    }
  });

  it('answers OData-MaxVersion below 4.0 and OData-Version other than 4.0/4.01 with 400, after authentication; 4.0 and 4.01 clients are served', async () => {
    const get = (headers: Record<string, string>, path = '/acme/odata/Projects?$top=1') =>
      rawRequest(t.url, 'GET', path, { Authorization: a.auth, ...headers });
    const served: Record<string, string>[] = [
      { 'OData-MaxVersion': '4.0' },
      { 'OData-MaxVersion': '4.01' },
      { 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' },
      { 'OData-Version': '4.01' },
      { 'OData-MaxVersion': '4.0;NetFx' },
      POWER_QUERY_HEADERS,
    ];
    for (const headers of served) {
      const res = await get(headers);
      expect([headers, res.status]).toEqual([headers, 200]);
    }
    const refused: [Record<string, string>, RegExp][] = [
      [{ 'OData-MaxVersion': '3.0' }, /^OData-MaxVersion 3\.0: this service answers in OData 4\.0 only/],
      [{ 'OData-MaxVersion': '2.0', 'OData-Version': '2.0' }, /^OData-MaxVersion 2\.0/],
      [{ 'OData-Version': '3.0' }, /^OData-Version 3\.0: this service understands OData 4\.0 and 4\.01 requests only/],
      [{ 'OData-Version': '5.0' }, /^OData-Version 5\.0/],
      [{ 'OData-Version': 'x' }, /^OData-Version must be a version such as 4\.0, got 'x'/],
      [{ 'OData-MaxVersion': '' }, /^OData-MaxVersion must be a version/],
    ];
    for (const [headers, message] of refused) {
      for (const path of ['/acme/odata/Projects?$top=1', '/acme/odata/', '/acme/odata/$metadata', '/acme/odata/Projects/$count']) {
        const res = await get(headers, path);
        expectODataError(res, 400);
        expect([headers, path, JSON.parse(res.text).error.message]).toEqual([headers, path, expect.stringMatching(message)]);
      }
    }
    // Authentication comes first: without credentials it is the 401 whatever the version.
    const anonymous = await rawRequest(t.url, 'GET', '/acme/odata/Projects', { 'OData-MaxVersion': '3.0' });
    expect(anonymous.status).toBe(401);
  });

  it('authenticates before refusing the method', async () => {
    const res = await rawRequest(t.url, 'DELETE', '/acme/odata/Projects(1)');
    expectODataError(res, 401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="acme", charset="UTF-8"');
  });

  it('answers $batch with 501 and the OData body, whatever its content type', async () => {
    const batch = '--b\r\nContent-Type: application/http\r\n\r\nGET Projects HTTP/1.1\r\n\r\n--b--\r\n';
    for (const type of ['multipart/mixed; boundary=b', 'application/json']) {
      const res = await rawRequest(
        t.url,
        'POST',
        '/acme/odata/$batch',
        { Authorization: a.auth, 'Content-Type': type },
        type.startsWith('multipart') ? batch : '{"requests":[]}',
      );
      expectODataError(res, 501);
    }
    expectODataError(await rawGet(`${t.url}/acme/odata/$batch`, { Authorization: a.auth }), 501);
    // Outside the feed an unparsed body type stays Fastify's 415.
    const web = await rawRequest(t.url, 'POST', '/acme/auth/login', { 'Content-Type': 'multipart/mixed; boundary=b' }, batch);
    expect(web.status).toBe(415);
    expect(web.headers['odata-version']).toBeUndefined();
  });

  it('keeps the OData body for unrouted methods and unknown paths', async () => {
    const options = await rawRequest(t.url, 'OPTIONS', '/acme/odata/Projects', { Authorization: a.auth });
    expect(options.headers['odata-version']).toBe('4.0');
    expect(JSON.parse(options.text).error).toEqual({ code: expect.any(String), message: expect.any(String) });
    expectODataError(await rawGet(`${t.url}/acme/odata/Nope/Deeper`, { Authorization: a.auth }), 404);
  });

  it('answers a malformed percent-encoding in the path or query with 400 and the OData body', async () => {
    expectODataError(await rawRequest(t.url, 'GET', '/acme/odata/Projects%ZZ', { Authorization: a.auth }), 400);
    expectODataError(await rawRequest(t.url, 'GET', '/acme/odata/Projects?$filter=Name%20eq%20%27%E0%A4%A%27', { Authorization: a.auth }), 400);
  });

  it('answers a URL too long for the HTTP parser with 414 and the OData body; other paths keep 431', async () => {
    const filter = `Name in (${Array.from({ length: 6000 }, (_, i) => `'n${i}'`).join(',')})`;
    const res = await rawRequest(t.url, 'GET', `/acme/odata/Projects?$filter=${encodeURIComponent(filter)}`, { Authorization: a.auth });
    expectODataError(res, 414);
    const web = await rawRequest(t.url, 'GET', `/acme/api/v1/me?x=${'a'.repeat(40000)}`);
    expect(web.status).toBe(431);
    expect(web.headers['odata-version']).toBeUndefined();
  });

  it('answers a query over the parser limit (but under the HTTP limit) with 400, not 500', async () => {
    const list = Array.from({ length: 1800 }, (_, i) => 10000 + i).join(',');
    const res = await request(t.url).get(`/acme/odata/Projects?$filter=Id%20in%20(${list})`).set('Authorization', a.auth);
    expect(res.status).toBe(400);
    expect(res.headers['odata-version']).toBe('4.0');
  });
});
