// Issue 3, SPEC 5 "Bad credentials": every bad credential gets the same 401 body, and the
// Basic challenge on OData and wherever an Authorization header was sent (never to a website
// call without one). Passwords may contain colons.
import http from 'node:http';
import request from 'supertest';
import { adminAuth, basic, Browser, createTenant, createUserWithRoles, requestFrom, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const T = 'acme';
const CHALLENGE = `Basic realm="${T}", charset="UTF-8"`;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

let nextAddress = 20;
/** Each refused credential comes from its own loopback address, so none of them is throttled. */
async function fromFreshAddress(t: TestApp, path: string, headers: Record<string, string>): Promise<Reply> {
  const reply = await requestFrom(t, `127.0.0.${nextAddress++}`, path, { headers });
  return { status: reply.status, headers: reply.headers, body: reply.text ? JSON.parse(reply.text) : null };
}

describe('401 responses and the Basic challenge', () => {
  let t: TestApp;
  let admin: Browser;
  let userId: number;
  let validKey: string;
  let expiredKey: string;
  const unknownKey = 'psk_' + 'x'.repeat(43) + 'AAAAAA';

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, T);
    admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    userId = await createUserWithRoles(admin, T, 'feeder', ['Security/API Key', 'Data/Read']);
    const user = await signIn(t, T, 'feeder', USER_PASSWORD);
    await createUserWithRoles(admin, T, 'keeper', ['Security/API Key', 'Data/Read']);
    const keeper = await signIn(t, T, 'keeper', USER_PASSWORD);
    validKey = (await user.post(`/${T}/api/v1/me/api-key`).expect(201)).body.key;

    const lifetime = (days: number | null) =>
      request(t.url).patch('/admin/api/settings').set('Authorization', adminAuth()).send({ apiKeyLifetimeDays: days }).expect(200);
    await lifetime(0.000002); // about 0.17 s
    try {
      expiredKey = (await keeper.post(`/${T}/api/v1/me/api-key`).expect(201)).body.key;
    } finally {
      await lifetime(null);
    }
    await new Promise((r) => setTimeout(r, 400));
  });
  afterAll(() => t.close());

  const badBasic: [string, string][] = [
    ['wrong key name', ''],
    ['unknown key', ''],
    ['expired key', ''],
    ['wrong password', basic('feeder', 'not-the-password-123')],
    ['unknown user', basic('nobody', 'whatever-password-1')],
    ['malformed Basic header', 'Basic !!!not-base64!!!'],
  ];
  const basicCases = (): [string, string][] =>
    badBasic.map(([label, header]) => {
      if (label === 'wrong key name') return [label, basic('NotAKeyName', validKey)];
      if (label === 'unknown key') return [label, basic('FeedKey', unknownKey)];
      if (label === 'expired key') return [label, basic('FeedKey', expiredKey)];
      return [label, header];
    });

  it('answers every bad credential on OData with the same 401 body, the challenge and OData-Version', async () => {
    const bodies = new Set<string>();
    for (const [label, authorization] of [...basicCases(), ['no credentials', '']]) {
      const res = await fromFreshAddress(t, `/${T}/odata/`, authorization ? { Authorization: authorization } : {});
      expect({ label, status: res.status, challenge: res.headers['www-authenticate'], version: res.headers['odata-version'] }).toEqual({
        label,
        status: 401,
        challenge: CHALLENGE,
        version: '4.0',
      });
      bodies.add(JSON.stringify(res.body));
    }
    expect([...bodies]).toEqual([JSON.stringify({ error: { code: 'invalid-credentials', message: 'Invalid or missing credentials' } })]);
    // The same key, rightly named, is fine: the 401s above were about the credential alone.
    await request(t.url).get(`/${T}/odata/`).set('Authorization', basic('FeedKey', validKey)).expect(200);
  });

  it('answers every bad credential sent to the Web API with the same 401 body and the challenge', async () => {
    const cases: [string, string][] = [
      ...basicCases(),
      ['unknown Bearer key', `Bearer ${unknownKey}`],
      ['expired Bearer key', `Bearer ${expiredKey}`],
      ['empty Bearer', 'Bearer '],
    ];
    const bodies = new Set<string>();
    for (const path of [`/${T}/api/v1/me`, `/${T}/api/v1/users`]) {
      for (const [label, authorization] of cases) {
        const res = await fromFreshAddress(t, path, { Authorization: authorization });
        expect({ path, label, status: res.status, challenge: res.headers['www-authenticate'] }).toEqual({ path, label, status: 401, challenge: CHALLENGE });
        bodies.add(JSON.stringify(res.body));
      }
    }
    expect([...bodies]).toEqual([JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: 'Invalid or missing credentials' })]);
    await request(t.url).get(`/${T}/api/v1/me`).set('Authorization', `Bearer ${validKey}`).expect(200);
  });

  it('gives a Web API call without credentials a 401 but no challenge (no browser login dialog)', async () => {
    for (const headers of [{}, { Cookie: 'ips_session=' + 'A'.repeat(43) }] as Record<string, string>[]) {
      const res = await fromFreshAddress(t, `/${T}/api/v1/me`, headers);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBeUndefined();
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid or missing credentials' });
    }
  });

  it('accepts passwords containing colons with Basic on OData', async () => {
    const password = 'pa:ss:word-long-enough';
    await admin.patch(`/${T}/api/v1/users/${userId}`, { password }).expect(200);
    const res = await request(t.url).get(`/${T}/odata/`).set('Authorization', basic('feeder', password)).expect(200);
    expect(res.headers['odata-version']).toBe('4.0');
    // Only the whole password counts.
    expect((await fromFreshAddress(t, `/${T}/odata/`, { Authorization: basic('feeder', 'pa:ss') })).status).toBe(401);
    await signIn(t, T, 'feeder', password);
  });
});
