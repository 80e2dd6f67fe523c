// Issue 14 "request id per request": a line a service writes while it handles a request
// (here the SAML refusal warning, far below the controller) carries the request's id, the
// one in its X-Request-Id header and on its access log line, even with requests interleaved.
import request from 'supertest';
import { createTenant } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

describe('request id on every log line of a request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
  });
  afterAll(() => t.close());

  const records = () => t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
  const refusals = () => records().filter((r) => typeof r.msg === 'string' && r.msg.startsWith('SAML response refused for tenant acme'));

  /** A SAML response to a tenant without SAML2: refused (401) and the reason logged as a warning. */
  const refusedSignOn = (requestId?: string) => {
    const req = request(t.url).post('/acme/auth/saml/acs').type('form').send({ SAMLResponse: 'bm90IGEgcmVzcG9uc2U=' });
    return requestId ? req.set('X-Request-Id', requestId) : req;
  };

  it('puts the generated id of the request on the warning a service logs for it', async () => {
    const before = refusals().length;
    const res = await refusedSignOn().expect(401);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const warning = refusals().slice(before);
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatchObject({ level: 'warn', context: 'SamlSignOnService', reqId: id });
    expect(records().find((r) => r.context === 'Http' && r.reqId === id)).toMatchObject({ status: 401, url: '/acme/auth/saml/acs' });
  });

  it('keeps interleaved requests apart: each warning names its own request', async () => {
    const before = refusals().length;
    const ids = Array.from({ length: 6 }, (_, i) => `proxy-id-${i}`);
    const responses = await Promise.all(ids.map((id) => refusedSignOn(id).expect(401)));
    expect(responses.map((r) => r.headers['x-request-id'])).toEqual(ids);
    expect(
      refusals()
        .slice(before)
        .map((r) => r.reqId)
        .sort(),
    ).toEqual(ids);
  });

  it('adds no request id to lines written outside a request', () => {
    const startUp = records().find((r) => r.context === 'NestApplication' || r.context === 'InstanceLoader');
    expect(startUp).toBeDefined();
    expect(startUp).not.toHaveProperty('reqId');
  });
});
