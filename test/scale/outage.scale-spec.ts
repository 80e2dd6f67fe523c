// SPEC 2 "When the database is unreachable": two server processes under load on a private
// mariadbd that is killed (SIGKILL, then restarted) and hung (SIGSTOP, then SIGCONT). During
// the fault every answer that needs the database is 503 with Retry-After, none is a 500 and
// none hangs past the configured bounds; /health/live stays 200; afterwards every request
// succeeds again and nothing written before the fault is lost or changed.
import { createConnection } from 'mysql2/promise';
import { PrivateMariaDb, startPrivateMariaDb } from '../support/private-mariadb';
import { ServerProcess, startServer, stopAll } from '../support/processes';
import { Answer, call, databaseRequests, provision, Provisioned, SERVER_ENV, sleep, snapshot } from './fixture';

// Bounds given to the servers; a client waiting longer than DEADLINE calls it a hang.
const BOUNDS = { DB_CONNECT_TIMEOUT_MS: '1000', DB_ACQUIRE_TIMEOUT_MS: '2000', DB_QUERY_TIMEOUT_MS: '2000' };
const DEADLINE_MS = 2000 + 2000 + 2000; // acquire + query + slack for a loaded 2-core machine

describe('database outage with two server processes under load', () => {
  let db: PrivateMariaDb;
  let servers: ServerProcess[];
  let provisioned: Provisioned;
  let databaseUrl: string;
  let before: Record<string, unknown[]>;

  beforeAll(async () => {
    db = await startPrivateMariaDb();
    const admin = await createConnection(db.serverUrl);
    await admin.query('CREATE DATABASE ips CHARACTER SET utf8mb4');
    await admin.end();
    databaseUrl = `${db.serverUrl}/ips`;
    const env = { ...SERVER_ENV, ...BOUNDS, DATABASE_URL: databaseUrl };
    servers = [await startServer(env)];
    servers.push(await startServer(env));
    provisioned = await provision(servers[0].url);
    before = await snapshot(databaseUrl);
  });
  afterAll(async () => {
    await stopAll();
    await db?.stop();
  });

  /** Keeps every database request of the fixture going against both processes until stopped. */
  function load(): { stop: () => Promise<Answer[]> } {
    let running = true;
    const answers: (Answer & { name: string })[] = [];
    const workers = servers.flatMap((server) =>
      databaseRequests(server.url, provisioned).map(async (r) => {
        while (running) answers.push({ name: r.name, ...(await call(r.url, r.init, DEADLINE_MS)) });
      }),
    );
    return {
      stop: async () => {
        running = false;
        await Promise.all(workers);
        return answers;
      },
    };
  }

  /** Asks each request once on each process while the database is away. */
  async function duringFault(): Promise<void> {
    for (const server of servers) {
      for (const r of databaseRequests(server.url, provisioned)) {
        const answer = await call(r.url, r.init, DEADLINE_MS);
        expect({ request: r.name, status: answer.status }).toEqual({ request: r.name, status: 503 });
        if (r.name !== '/health') expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
        if (r.name.startsWith('OData')) {
          expect(answer.headers['odata-version']).toBe('4.0');
          expect(JSON.parse(answer.body).error.code).toBe('database-unavailable');
        }
      }
      expect((await call(`${server.url}/health/live`, {}, DEADLINE_MS)).status).toBe(200);
    }
  }

  async function afterRecovery(): Promise<void> {
    for (const server of servers) {
      let health = 0;
      for (let i = 0; i < 60 && health !== 200; i++) {
        health = (await call(`${server.url}/health`, {}, DEADLINE_MS)).status;
        if (health !== 200) await sleep(500);
      }
      expect(health).toBe(200);
      for (const r of databaseRequests(server.url, provisioned)) {
        const answer = await call(r.url, r.init, DEADLINE_MS);
        expect({ request: r.name, status: answer.status }).toEqual({ request: r.name, status: 200 });
      }
    }
    expect(servers.every((s) => s.child.exitCode === null)).toBe(true);
    expect(await snapshot(databaseUrl)).toEqual(before);
  }

  function expectOnly200And503(answers: (Answer & { name?: string })[]): void {
    const bad = answers.filter((a) => a.status !== 200 && a.status !== 503).map((a) => `${(a as { name?: string }).name}: ${a.status} ${a.body.slice(0, 200)}`);
    expect(bad).toEqual([]);
    expect(answers.some((a) => a.status === 503)).toBe(true);
  }

  it('answers 503 while mariadbd is killed, and recovers without a restart when it is back', async () => {
    const running = load();
    await sleep(1000);
    db.signal('SIGKILL');
    await sleep(1500);
    await duringFault();
    await sleep(500);
    const answers = await running.stop();
    expectOnly200And503(answers);
    await db.restart();
    await afterRecovery();
  });

  it('answers 503 within the bounds while mariadbd hangs (SIGSTOP), and recovers at SIGCONT', async () => {
    const running = load();
    await sleep(1000);
    db.signal('SIGSTOP');
    try {
      // Connections that were mid-query when it stopped must time out first.
      await sleep(3000);
      await duringFault();
      const answers = await running.stop();
      expectOnly200And503(answers);
    } finally {
      db.signal('SIGCONT');
    }
    await afterRecovery();
  });
});
