// Issue 10: failed credentials are counted atomically on both databases, every credential
// check counts (wrong current passwords, credentials sent to unknown tenants), expired
// windows are deleted, and client addresses behind a proxy are bounded and never shared.
import http from 'node:http';
import { DataSource } from 'typeorm';
import { basic, Browser, createTenant, createUserWithRoles, requestFrom, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { ThrottleService } from '../../../src/auth/throttle.service';
import { startTestApp, TestApp } from '../../support/test-app';

const T = 'acme';
const wrongKey = (i: number) => 'psk_' + String(i).padStart(43, 'w') + 'AAAAAA';

async function failuresOf(t: TestApp, address: string): Promise<number> {
  const rows: { failures: number | string }[] = await t.app.get(DataSource).query('SELECT failures FROM auth_failure WHERE address = ?', [address]);
  return rows.length ? Number(rows[0].failures) : 0;
}

describe('throttling under abuse', () => {
  let t: TestApp;
  let admin: Browser;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, T);
    admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    await createUserWithRoles(admin, T, 'feeder', ['Security/API Key', 'Data/Read']);
    const user = await signIn(t, T, 'feeder', USER_PASSWORD);
    key = (await user.post(`/${T}/api/v1/me/api-key`).expect(201)).body.key;
  });
  afterAll(() => t.close());

  // First in this file: the clean-up runs at the first failure a process counts.
  it('deletes expired windows instead of keeping a row per address forever', async () => {
    const db = t.app.get(DataSource);
    const old = Date.now() - 5 * 60_000;
    for (let i = 0; i < 50; i++) await db.query('INSERT INTO auth_failure (address, windowStart, failures) VALUES (?, ?, ?)', [`192.0.2.${i}`, old, 3]);
    const res = await requestFrom(t, '127.0.0.40', `/${T}/odata/`, { headers: { Authorization: basic('FeedKey', wrongKey(1)) } });
    expect(res.status).toBe(401);
    const rows: { n: number | string }[] = await db.query('SELECT COUNT(*) AS n FROM auth_failure');
    expect(Number(rows[0].n)).toBe(1);
    expect(await failuresOf(t, '127.0.0.40')).toBe(1);
  });

  it('deletes expired windows again a minute later, not on every failure (ThrottleService with a moved clock)', async () => {
    const db = t.app.get(DataSource);
    const throttle = t.app.get(ThrottleService);
    const count = async () => {
      const rows: { n: number | string }[] = await db.query('SELECT COUNT(*) AS n FROM auth_failure WHERE address LIKE ?', ['203.0.113.%']);
      return Number(rows[0].n);
    };
    const start = Date.now() + 10 * 60_000;
    const clock = jest.spyOn(Date, 'now');
    try {
      // At start: a clean-up is due (the last one ran at the first test's failure).
      clock.mockReturnValue(start);
      await throttle.recordFailure('203.0.113.1');
      // Windows that ended before start + 30 s, written after that clean-up.
      for (let i = 10; i < 20; i++)
        await db.query('INSERT INTO auth_failure (address, windowStart, failures) VALUES (?, ?, ?)', [`203.0.113.${i}`, start - 40_000, 3]);
      clock.mockReturnValue(start + 30_000);
      await throttle.recordFailure('203.0.113.2');
      expect(await count()).toBe(12); // 30 s later: no clean-up yet
      clock.mockReturnValue(start + 61_000);
      await throttle.recordFailure('203.0.113.3');
      // The stale rows and 203.0.113.1's window (ended at start + 60 s) are gone.
      expect(await count()).toBe(2);
    } finally {
      clock.mockRestore();
    }
  });

  /** An expired window of the address, as a client that failed a while ago leaves behind. */
  const staleWindow = (address: string) =>
    t.app.get(DataSource).query('INSERT INTO auth_failure (address, windowStart, failures) VALUES (?, ?, ?)', [address, Date.now() - 5 * 60_000, 50]);

  it('counts 100 parallel wrong keys from one address without losing any (one atomic upsert), and the address is throttled afterwards', async () => {
    // With an expired window every request took the "restart the window" path of the old
    // read-modify-write at once, and each reset the others' count to 1.
    await staleWindow('127.0.0.41');
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => requestFrom(t, '127.0.0.41', `/${T}/odata/`, { headers: { Authorization: basic('FeedKey', wrongKey(i)) } })),
    );
    const unauthorized = replies.filter((r) => r.status === 401).length;
    expect(unauthorized + replies.filter((r) => r.status === 429).length).toBe(100);
    expect(unauthorized).toBeLessThanOrEqual(20);
    // Every failure that reached the check was counted (a reset read 1 here on MariaDB).
    expect(await failuresOf(t, '127.0.0.41')).toBeGreaterThanOrEqual(Math.max(20, unauthorized));
    expect((await requestFrom(t, '127.0.0.41', `/${T}/odata/`, { headers: { Authorization: basic('FeedKey', key) } })).status).toBe(429);
  });

  it('loses no failure when 100 are counted at the same instant, fresh or expired window (ThrottleService on the real database)', async () => {
    // Over HTTP the server spreads requests out; here all 100 counts reach the pool at once,
    // the interleaving in which the old UPDATE / reset / INSERT sequence lost counts.
    const throttle = t.app.get(ThrottleService);
    await Promise.all(Array.from({ length: 100 }, () => throttle.recordFailure('198.51.100.1')));
    expect(await failuresOf(t, '198.51.100.1')).toBe(100);
    await staleWindow('198.51.100.2');
    await Promise.all(Array.from({ length: 100 }, () => throttle.recordFailure('198.51.100.2')));
    expect(await failuresOf(t, '198.51.100.2')).toBe(100);
  });

  // The review's figures: 300 in parallel gave 31-50 401s on MariaDB.
  it.each([
    [100, '127.0.0.42'],
    [300, '127.0.0.46'],
  ])('gives at most 29 of %i parallel wrong sign-ins a 401 (SPEC: 429 from the 30th failure at the latest)', async (count, address) => {
    await staleWindow(address);
    const replies = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        requestFrom(t, address, `/${T}/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ loginId: 'feeder', password: `wrong-${i}` }),
        }),
      ),
    );
    const unauthorized = replies.filter((r) => r.status === 401).length;
    expect(unauthorized).toBeLessThanOrEqual(29);
    expect(replies.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    expect(await failuresOf(t, address)).toBeGreaterThanOrEqual(Math.max(20, unauthorized));
  });

  it('counts Basic passwords sent to an unknown tenant as failures: 404 until the limit, then 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await requestFrom(t, '127.0.0.43', '/no-such-tenant/odata/', { headers: { Authorization: basic('someone', `guess-${i}`) } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // Without credentials an unknown tenant is a plain 404, never counted.
    expect((await requestFrom(t, '127.0.0.44', '/no-such-tenant/odata/')).status).toBe(404);
    expect(await failuresOf(t, '127.0.0.44')).toBe(0);
  });

  it('counts wrong current passwords of POST /me/password as failures (a stolen cookie buys no brute force)', async () => {
    await createUserWithRoles(admin, T, 'victim', []);
    const session = await signIn(t, T, 'victim', USER_PASSWORD);
    const change = (currentPassword: string) =>
      requestFrom(t, '127.0.0.45', `/${T}/api/v1/me/password`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: session.cookie, Origin: t.url },
        body: JSON.stringify({ currentPassword, newPassword: 'a-new-password-1234' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await change(`wrong-${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // Even the right one waits now.
    expect((await change(USER_PASSWORD)).status).toBe(429);
  });
});

describe('client addresses behind a trusted proxy', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
    await createTenant(t, T);
    const admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    await createUserWithRoles(admin, T, 'feeder', ['Security/API Key', 'Data/Read']);
  });
  afterAll(() => t.close());

  const longAddress = 'fe80::1%' + 'zone'.repeat(20);
  const login = (forwardedFor: string, password = USER_PASSWORD) =>
    requestFrom(t, '127.0.0.1', `/${T}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
      body: JSON.stringify({ loginId: 'feeder', password }),
    });

  it('signs in, issues a key and throttles a client whose address is longer than 45 characters (IPv6 zone id)', async () => {
    const signedIn = await login(longAddress);
    expect(signedIn.status).toBe(200);
    const cookie = ([] as string[])
      .concat(signedIn.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    const issued = await requestFrom(t, '127.0.0.1', `/${T}/api/v1/me/api-key`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: t.url, 'X-Forwarded-For': longAddress },
    });
    expect(issued.status).toBe(201);
    const newKey = JSON.parse(issued.text).key as string;
    const feed = await requestFrom(t, '127.0.0.1', `/${T}/odata/`, { headers: { Authorization: basic('FeedKey', newKey), 'X-Forwarded-For': longAddress } });
    expect(feed.status).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await login(longAddress + String(i), `wrong-${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    // Another client of the same proxy is not affected.
    expect((await login('203.0.113.7')).status).toBe(200);
  });

  it('refuses an empty or non-IP X-Forwarded-For from the proxy instead of charging the proxy itself', async () => {
    for (const forwardedFor of ['', 'garbage', ' , ']) {
      const res = await login(forwardedFor, 'wrong');
      expect([forwardedFor, res.status]).toEqual([forwardedFor, 400]);
    }
    const rows: { n: number | string }[] = await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM auth_failure WHERE address = ?', ['127.0.0.1']);
    expect(Number(rows[0].n)).toBe(0);
    // The last valid hop is the client.
    expect((await login('garbage, 203.0.113.8')).status).toBe(200);
  });
});

describe('the API key swap and its audit row are one transaction', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('keeps the working key when the audit row cannot be written', async () => {
    t = await startTestApp();
    await createTenant(t, T);
    const admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    await createUserWithRoles(admin, T, 'feeder', ['Security/API Key', 'Data/Read']);
    const user = await signIn(t, T, 'feeder', USER_PASSWORD);
    const first = (await user.post(`/${T}/api/v1/me/api-key`).expect(201)).body.key as string;
    // Make the audit insert fail the way an over-long value did on MariaDB.
    const db = t.app.get(DataSource);
    const mysql = db.options.type !== 'better-sqlite3';
    if (mysql) {
      await db.query("CREATE TRIGGER audit_fail BEFORE INSERT ON audit_event FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit refused'");
    } else {
      await db.query("CREATE TRIGGER audit_fail BEFORE INSERT ON audit_event BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
    }
    const keysBefore: unknown[] = await db.query('SELECT * FROM api_key');
    const auditsBefore: unknown[] = await db.query('SELECT * FROM audit_event');
    const failed = await user.post(`/${T}/api/v1/me/api-key`);
    expect(failed.status).toBe(500);
    expect(failed.text).not.toMatch(/psk_/); // no key shown that does not work
    await db.query('DROP TRIGGER audit_fail');
    // Nothing of the swap is left: the same key rows, and no audit row.
    expect(await db.query('SELECT * FROM api_key')).toEqual(keysBefore);
    expect(await db.query('SELECT * FROM audit_event')).toEqual(auditsBefore);
    const feed = await new Promise<number>((resolve, reject) =>
      http
        .get(`${t.url}/${T}/odata/`, { headers: { Authorization: basic('FeedKey', first) } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
        .on('error', reject),
    );
    expect(feed).toBe(200);
  });
});
