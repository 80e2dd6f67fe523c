// Issue 11, scenario 6 (a flood of wrong keys): once this process has cached an address as
// throttled, its credential-carrying GETs are refused in an onRequest hook, before Nest
// (src/early-throttle.hook.ts). These tests pin that the early 429 is the guard's 429 — same
// status, headers and surface body — and that nothing else is refused early: public routes,
// other addresses, requests without credentials.
import { basic, Browser, createTenant, createUserWithRoles, requestFrom, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const T = 'acme';
const FLOODER = '127.0.0.30';
const wrongKey = (i: number) => 'psk_' + String(i).padStart(43, 'f') + 'AAAAAA';

describe('a throttled address refused before the framework', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, T);
    const admin: Browser = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    await createUserWithRoles(admin, T, 'feeder', ['Security/API Key', 'Data/Read']);
    const user = await signIn(t, T, 'feeder', USER_PASSWORD);
    key = (await user.post(`/${T}/api/v1/me/api-key`).expect(201)).body.key;
  });
  afterAll(() => t.close());

  const odata = (authorization: string, method = 'GET') => requestFrom(t, FLOODER, `/${T}/odata/`, { method, headers: { Authorization: authorization } });
  const me = (authorization: string) => requestFrom(t, FLOODER, `/${T}/api/v1/me`, { headers: { Authorization: authorization } });

  it('answers every later request of the flood exactly as the guard answered the first 429', async () => {
    let first: Awaited<ReturnType<typeof odata>> | undefined;
    for (let i = 1; i <= 40 && !first; i++) {
      const res = await odata(basic('FeedKey', wrongKey(i)));
      if (res.status === 429) first = res;
      else expect(res.status).toBe(401);
    }
    if (!first) throw new Error('no 429 after 40 wrong keys');
    const guardAnswer = first;
    // Within the counter's cache lifetime (one second), the hook answers: right key or wrong, OData or Web API.
    const later = await Promise.all([
      odata(basic('FeedKey', key)),
      odata(basic('FeedKey', wrongKey(99))),
      odata(basic('FeedKey', key), 'HEAD'),
      me(`Bearer ${key}`),
    ]);
    for (const res of later) {
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.headers['x-request-id']).toMatch(/\S/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const [odataRight, odataWrong, , webApi] = later;
    for (const res of [odataRight, odataWrong]) {
      expect(res.headers['odata-version']).toBe('4.0');
      expect(res.headers['content-type']).toBe(guardAnswer.headers['content-type']);
      expect(JSON.parse(res.text)).toEqual(JSON.parse(guardAnswer.text));
    }
    expect(JSON.parse(webApi.text)).toEqual({ statusCode: 429, error: 'Too Many Requests', message: JSON.parse(guardAnswer.text).error.message });
    expect(webApi.headers['odata-version']).toBeUndefined();
  });

  it('refuses nothing early that the guard would let through: public routes, no credential, other addresses', async () => {
    // Still throttled from the test above (the window is a minute).
    expect((await me(`Bearer ${key}`)).status).toBe(429);
    const publicWithCredential = await requestFrom(t, FLOODER, `/${T}/api/v1/tenant-info`, { headers: { Authorization: `Bearer ${key}` } });
    expect(publicWithCredential.status).toBe(200);
    const live = await requestFrom(t, FLOODER, '/health/live', { headers: { Authorization: `Bearer ${key}` } });
    expect(live.status).toBe(200);
    // No credential: the guard's 401 (a throttle counts only presented credentials).
    expect((await requestFrom(t, FLOODER, `/${T}/api/v1/me`)).status).toBe(401);
    expect((await requestFrom(t, '127.0.0.31', `/${T}/odata/`, { headers: { Authorization: basic('FeedKey', key) } })).status).toBe(200);
  });
});
