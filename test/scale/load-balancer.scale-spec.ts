// SPEC 7: two server processes behind a real load balancer (Debian's nginx) on one MariaDB,
// with TRUST_PROXY set to it and REDIS_URL for instant invalidation. Sessions, keys, changes,
// throttling and client addresses work across both. nginx has one balancing port and one
// port per process, so each step says which process answers while still going through it.
import request from 'supertest';
import { basic, requestFrom, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../support/api';
import { Nginx, startNginx } from '../support/nginx';
import { ServerProcess, startServer, stopAll } from '../support/processes';
import { at, createMysqlDatabase, provision, Provisioned, SERVER_ENV } from './fixture';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('two server processes behind nginx', () => {
  let database: { url: string; drop(): Promise<void> };
  let servers: ServerProcess[];
  let nginx: Nginx;
  let p: Provisioned;
  let A: string;
  let B: string;

  beforeAll(async () => {
    database = await createMysqlDatabase();
    const env = { ...SERVER_ENV, DATABASE_URL: database.url, TRUST_PROXY: '127.0.0.1', REDIS_URL };
    servers = [await startServer(env)];
    servers.push(await startServer(env));
    nginx = await startNginx(servers.map((s) => s.port));
    [A, B] = nginx.urls;
    p = await provision(A);
  });
  afterAll(async () => {
    await nginx?.stop();
    await stopAll();
    await database?.drop();
  });

  const feed = (url: string, key = p.key, from = '127.0.0.1') =>
    requestFrom(at(url), from, '/acme/odata/Projects', { headers: { Authorization: basic('FeedKey', key) } });

  it('serves every request through the balancing port, alternating between both processes', async () => {
    for (let i = 0; i < 6; i++) expect((await feed(nginx.url)).status).toBe(200);
    // nginx writes its access log line after the response has gone out, and a server batches
    // its own lines for up to 10 ms (batched-lines.ts): wait for both a moment.
    const waitUntil = async (ready: () => boolean) => {
      for (const until = Date.now() + 3000; !ready() && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
    };
    const logged = () =>
      nginx
        .accessLog()
        .split('\n')
        .filter((l) => l.includes('/acme/odata/Projects')).length;
    await waitUntil(() => logged() >= 6);
    expect(logged()).toBeGreaterThanOrEqual(6);
    // Both processes logged OData requests of their own.
    await waitUntil(() => servers.every((s) => s.output().includes('/acme/odata/Projects')));
    for (const s of servers) expect(s.output()).toContain('/acme/odata/Projects');
  });

  it('serves a session made through one process from the other, and ends it everywhere', async () => {
    const feeder = await signIn(at(A), 'acme', 'feeder', USER_PASSWORD);
    await request(B).get('/acme/api/v1/me').set('Cookie', feeder.cookie).expect(200);
    await feeder.post('/acme/auth/logout').expect(204);
    await request(B).get('/acme/api/v1/me').set('Cookie', feeder.cookie).expect(401);
  });

  it('accepts a key generated on one process on the other, and refuses it there at once when replaced or deleted', async () => {
    const feeder = await signIn(at(A), 'acme', 'feeder', USER_PASSWORD);
    const first = (await feeder.post('/acme/api/v1/me/api-key').expect(201)).body.key as string;
    expect((await feed(B, first)).status).toBe(200);
    expect((await feed(B, first)).status).toBe(200); // cached on B now
    const second = (await feeder.post('/acme/api/v1/me/api-key').expect(201)).body.key as string;
    expect((await feed(B, first)).status).toBe(401);
    expect((await feed(B, second)).status).toBe(200);
    await feeder.delete('/acme/api/v1/me/api-key').expect(204);
    expect((await feed(B, second)).status).toBe(401);
    p.key = (await feeder.post('/acme/api/v1/me/api-key').expect(201)).body.key;
  });

  it('refuses a locked user and a withdrawn role on the other process at once', async () => {
    const admin = await signIn(at(A), 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    expect((await feed(B)).status).toBe(200);
    await admin.patch(`/acme/api/v1/users/${p.userId}`, { locked: true }).expect(200);
    expect((await feed(B)).status).toBe(403);
    await admin.patch(`/acme/api/v1/users/${p.userId}`, { locked: false }).expect(200);
    expect((await feed(B)).status).toBe(200);
    const groups = (await admin.get('/acme/api/v1/workgroups').expect(200)).body as { id: number; name: string }[];
    const group = groups.find((g) => g.name === 'wg-feeder')!;
    await admin.delete(`/acme/api/v1/workgroups/${group.id}`).expect(204);
    expect((await feed(B)).status).toBe(403);
    const roles = { 'Security/API Key': 'Allowed', 'Data/Read': 'Allowed', 'Data/Write': 'Allowed' };
    await admin.post('/acme/api/v1/workgroups', { name: 'wg-feeder', members: [p.userId], roles }).expect(201);
    expect((await feed(B)).status).toBe(200);
  });

  it('throttles a client address across both processes, and logs and counts the real client, not the proxy', async () => {
    const wrong = 'psk_' + 'w'.repeat(49);
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++) status = (await feed(nginx.url, wrong, '127.0.0.91')).status;
    expect(status).toBe(429);
    await new Promise((r) => setTimeout(r, 1100)); // the counters' cache lifetime
    for (const url of [A, B]) {
      // Even the right key: the address is throttled on both processes.
      const fromThrottled = await feed(url, p.key, '127.0.0.91');
      expect([fromThrottled.status, url]).toEqual([429, url]);
      expect(Number(fromThrottled.headers['retry-after'])).toBeGreaterThan(0);
      // Another client behind the same proxy is not.
      expect([(await feed(url, p.key, '127.0.0.92')).status, url]).toEqual([200, url]);
    }
    // Both processes logged the client's own address for its requests.
    const lines = servers.flatMap((s) =>
      s
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { context?: string; ip?: string; status?: number }),
    );
    const throttled = lines.filter((l) => l.context === 'Http' && l.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    expect(throttled.every((l) => l.ip === '127.0.0.91')).toBe(true);
    expect(lines.filter((l) => l.context === 'Http').some((l) => l.ip === '127.0.0.1' && l.status === 429)).toBe(false);
  });
});
