// SPEC 2 METRICS_TOKEN: /metrics is Prometheus text behind a bearer token (401 without it,
// 404 when unset), with the series the operators need; access logs carry a request id that
// is also sent back, the tenant, the user id, the status and the latency.
import request from 'supertest';
import { basic, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';
// An independent parser of the Prometheus text format (it throws on malformed input).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheusText = require('parse-prometheus-text-format') as (text: string) => Family[];

interface Family {
  name: string;
  type: string;
  help: string;
  metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string; sum?: string }[];
}

const TOKEN = 'metrics-token-for-the-tests-0123456789';

describe('/metrics and the access log', () => {
  let t: TestApp;
  let key: string;
  let userId: number;

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: TOKEN });
    await createTenant(t, 'acme');
    const admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    userId = await createUserWithRoles(admin, 'acme', 'feeder', ['Security/API Key', 'Data/Read']);
    const feeder = await signIn(t, 'acme', 'feeder', USER_PASSWORD);
    key = (await feeder.post('/acme/api/v1/me/api-key').expect(201)).body.key;
  });
  afterAll(() => t.close());

  it('refuses a scrape without the token, or with another one, with 401', async () => {
    await request(t.url).get('/metrics').expect(401);
    await request(t.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
    await request(t.url).get('/metrics').set('Authorization', basic('metrics', TOKEN)).expect(401);
  });

  it('serves parseable Prometheus text with the request, authentication, cache, pool and process series', async () => {
    const odata = () => request(t.url).get('/acme/odata/Projects').set('Authorization', basic('FeedKey', key));
    // The first use writes lastUsedAt, which invalidates the caches: the third one hits them.
    for (let i = 0; i < 3; i++) await odata().expect(200);
    await request(t.url)
      .get('/acme/odata/Projects')
      .set('Authorization', basic('FeedKey', 'psk_' + 'x'.repeat(49)))
      .expect(401);
    await request(t.url).post('/acme/auth/login').send({ loginId: 'feeder', password: 'wrong-password-0000' }).expect(401);

    const res = await request(t.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = new Map(parsePrometheusText(res.text).map((f) => [f.name, f]));
    const value = (name: string, labels: Record<string, string>) => {
      const found = families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
      return found ? Number(found.value) : undefined;
    };

    expect(families.get('ips_http_requests_total')?.type).toBe('COUNTER');
    expect(value('ips_http_requests_total', { route: '/:tenant/odata/*', status: '200' })).toBeGreaterThanOrEqual(3);
    const latency = families.get('ips_http_request_duration_seconds');
    expect(latency?.type).toBe('HISTOGRAM');
    const odataLatency = latency?.metrics.find((m) => m.labels?.route === '/:tenant/odata/*');
    expect(Number(odataLatency?.buckets?.['+Inf'])).toBe(Number(odataLatency?.count));
    expect(value('ips_auth_outcomes_total', { surface: 'odata', outcome: 'accepted', reason: 'basic' })).toBeGreaterThanOrEqual(3);
    expect(value('ips_auth_outcomes_total', { surface: 'odata', outcome: 'refused', reason: 'invalid-credentials' })).toBeGreaterThanOrEqual(1);
    expect(value('ips_auth_outcomes_total', { surface: 'sign-in', outcome: 'refused', reason: 'invalid-credentials' })).toBeGreaterThanOrEqual(1);
    expect(families.get('ips_throttled_requests_total')?.type).toBe('COUNTER');
    expect(value('ips_cache_lookups_total', { cache: 'key-owners', result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(value('ips_cache_lookups_total', { cache: 'key-owners', result: 'miss' })).toBeGreaterThanOrEqual(1);
    for (const state of ['used', 'idle', 'waiting']) expect(value('ips_db_pool_connections', { state })).toBeGreaterThanOrEqual(0);
    expect(families.get('ips_process_cpu_seconds_total')?.type).toBe('COUNTER');
    expect(families.has('ips_nodejs_eventloop_lag_seconds')).toBe(true);
    // Neither a key nor a user name ever becomes a label.
    expect(res.text).not.toContain('psk_');
    expect(res.text).not.toContain('feeder');
  });

  it('logs each request with its id (also sent back), tenant, user id, status and latency', async () => {
    const res = await request(t.url).get('/acme/api/v1/me').set('Authorization', `Bearer ${key}`).expect(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    let line: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !line; i++) {
      line = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.reqId === id);
      if (!line) await new Promise((r) => setTimeout(r, 20));
    }
    expect(line).toMatchObject({ context: 'Http', status: 200, tenant: 'acme', userId, ip: '127.0.0.1' });
    expect(typeof line!.ms).toBe('number');
    expect(JSON.stringify(line)).not.toContain(key);
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('is a 404', async () => {
    await request(t.url).get('/metrics').expect(404);
    await request(t.url).get('/metrics').set('Authorization', 'Bearer anything-at-all-0123456789').expect(404);
  });
});
