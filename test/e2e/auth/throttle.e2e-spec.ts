// Issue 3, SPEC 5 "Throttling": failed credentials slow down the client address that sent
// them (429 with Retry-After between the 10th and the 30th failure), never other addresses,
// never an account; a forged X-Forwarded-For does not help when no proxy is trusted.
import http from 'node:http';
import { basic, Browser, createTenant, createUserWithRoles, requestFrom, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const T = 'acme';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
}

function send(t: TestApp, localAddress: string, path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<Reply> {
  return requestFrom(t, localAddress, path, { method, headers, body });
}

describe('throttling of failed credentials per client address', () => {
  let t: TestApp;
  let admin: Browser;
  let key: string;
  const wrongKey = (i: number) => 'psk_' + String(i).padStart(43, 'w') + 'AAAAAA';

  /** Sends wrong keys from `address` until the first 429; returns its 1-based position and the reply. */
  const burst = async (address: string, extraHeaders: (i: number) => Record<string, string> = () => ({}), onEach?: () => Promise<void>) => {
    for (let i = 1; i <= 40; i++) {
      const res = await send(t, address, `/${T}/odata/`, { Authorization: basic('FeedKey', wrongKey(i)), ...extraHeaders(i) });
      if (res.status === 429) return { position: i, res };
      expect(res.status).toBe(401);
      if (onEach) await onEach();
    }
    throw new Error(`no 429 after 40 failures from ${address}`);
  };

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, T);
    admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    await createUserWithRoles(admin, T, 'feeder', ['Security/API Key', 'Data/Read']);
    const user = await signIn(t, T, 'feeder', USER_PASSWORD);
    key = (await user.post(`/${T}/api/v1/me/api-key`).expect(201)).body.key;
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After to a burst of wrong keys, between the 10th and the 30th failure, while another address keeps working', async () => {
    const { position, res } = await burst('127.0.0.10', undefined, async () => {
      const other = await send(t, '127.0.0.2', `/${T}/odata/`, { Authorization: basic('FeedKey', key) });
      expect(other.status).toBe(200);
    });
    expect(position).toBeGreaterThanOrEqual(10);
    expect(position).toBeLessThanOrEqual(30);
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // The throttled address is refused even with the right key, on OData and the Web API...
    expect((await send(t, '127.0.0.10', `/${T}/odata/`, { Authorization: basic('FeedKey', key) })).status).toBe(429);
    expect((await send(t, '127.0.0.10', `/${T}/api/v1/me`, { Authorization: `Bearer ${key}` })).status).toBe(429);
    // ...and also at the sign-in form.
    const login = await send(
      t,
      '127.0.0.10',
      `/${T}/auth/login`,
      { 'Content-Type': 'application/json' },
      'POST',
      JSON.stringify({ loginId: 'feeder', password: USER_PASSWORD }),
    );
    expect(login.status).toBe(429);
    // Other addresses are not affected.
    expect((await send(t, '127.0.0.2', `/${T}/api/v1/me`, { Authorization: `Bearer ${key}` })).status).toBe(200);
  });

  it('holds under a parallel burst: at most 29 of 60 simultaneous wrong keys and passwords get a 401, the rest 429', async () => {
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        send(t, '127.0.0.14', `/${T}/odata/`, { Authorization: i % 2 ? basic('FeedKey', wrongKey(i)) : basic('feeder', `wrong-password-${i}-xx`) }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(29);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(9);
  });

  it('holds under a parallel burst of wrong passwords at the sign-in form', async () => {
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        send(
          t,
          '127.0.0.15',
          `/${T}/auth/login`,
          { 'Content-Type': 'application/json' },
          'POST',
          JSON.stringify({ loginId: 'feeder', password: `wrong-password-${i}-xx` }),
        ),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(29);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(9);
  });

  it('does not let a forged X-Forwarded-For escape the throttle when no proxy is trusted', async () => {
    const { position } = await burst('127.0.0.11', (i) => ({ 'X-Forwarded-For': `10.0.${i}.${i}` }));
    expect(position).toBeLessThanOrEqual(30);
    const forged = await send(t, '127.0.0.11', `/${T}/odata/`, { Authorization: basic('FeedKey', key), 'X-Forwarded-For': '203.0.113.77' });
    expect(forged.status).toBe(429);
  });

  it('locks no account: wrong passwords for a user slow the address, the right password and key still work elsewhere', async () => {
    for (let i = 1; ; i++) {
      const res = await send(t, '127.0.0.12', `/${T}/odata/`, { Authorization: basic('feeder', `wrong-password-${i}-xx`) });
      if (res.status === 429) break;
      expect(res.status).toBe(401);
      expect(i).toBeLessThanOrEqual(30);
    }
    expect((await send(t, '127.0.0.13', `/${T}/odata/`, { Authorization: basic('feeder', USER_PASSWORD) })).status).toBe(200);
    expect((await send(t, '127.0.0.13', `/${T}/odata/`, { Authorization: basic('FeedKey', key) })).status).toBe(200);
    const login = await send(
      t,
      '127.0.0.13',
      `/${T}/auth/login`,
      { 'Content-Type': 'application/json' },
      'POST',
      JSON.stringify({ loginId: 'feeder', password: USER_PASSWORD }),
    );
    expect(login.status).toBe(200);
    const listed = await admin.get(`/${T}/api/v1/users`).expect(200);
    expect(listed.body.find((u: { loginId: string }) => u.loginId === 'feeder')).toMatchObject({ locked: false, deactivated: false, apiAccess: true });
  });
});
