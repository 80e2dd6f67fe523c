// Topology 3 of the README: the server on a three-node MariaDB Galera cluster behind HAProxy.
// Under load (writes through the Web API with a key, reads through OData) one node is killed
// with SIGKILL: requests in flight may get 503, none gets a 500, service goes on through the
// other nodes, and nothing acknowledged is lost. Then two processes write the same rows
// through two different nodes: the certification conflicts (ER_LOCK_DEADLOCK) are retried,
// never answered with 500, and the transactions stay whole.
import { createConnection } from 'mysql2/promise';
import { basic } from '../support/api';
import { clusterSize, GaleraCluster, startGaleraCluster } from '../support/galera-cluster';
import { HaProxy, startHaProxy } from '../support/haproxy';
import { ServerProcess, startServer, stopAll } from '../support/processes';
import { Answer, call, provision, Provisioned, SERVER_ENV, sleep } from './fixture';

const METRICS_TOKEN = 'galera-metrics-token-0123456789';
const ENV = { ...SERVER_ENV, METRICS_TOKEN, DB_CONNECT_TIMEOUT_MS: '1000', DB_ACQUIRE_TIMEOUT_MS: '3000', DB_QUERY_TIMEOUT_MS: '5000' };
const DEADLINE_MS = 15_000;

const project = (name: string) => ({ name, region: 'North Sea', status: 'Approved', owner: null, startDate: '2030-01-15', capex: 100, npv: 1 });
const cashflows = (tag: number, years = 10) =>
  Array.from({ length: years }, (_, i) => ({ year: 2030 + i, revenue: tag, opex: 1, capex: 1, netCashflow: tag - 2 }));

describe('the server on a three-node Galera cluster behind HAProxy', () => {
  let cluster: GaleraCluster;
  let haproxy: HaProxy;
  let server: ServerProcess;
  let provisioned: Provisioned;

  beforeAll(async () => {
    cluster = await startGaleraCluster();
    haproxy = await startHaProxy(cluster.nodes.map((n) => n.port));
    const admin = await createConnection(cluster.nodes[0].serverUrl);
    await admin.query('CREATE DATABASE ips CHARACTER SET utf8mb4');
    await admin.end();
    server = await startServer({ ...ENV, DATABASE_URL: `mysql://root@127.0.0.1:${haproxy.port}/ips` });
    provisioned = await provision(server.url);
  });
  afterAll(async () => {
    await stopAll();
    await haproxy?.stop();
    await cluster?.stop();
  });

  const json = (key: string) => ({ Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' });

  it('keeps serving when a node is killed under load, and loses nothing acknowledged', async () => {
    const acknowledged: { id: number; name: string; years: number | null }[] = [];
    const answers: (Answer & { what: string; at: number })[] = [];
    let running = true;
    let sequence = 0;
    const record = (what: string, answer: Answer) => {
      answers.push({ what, at: Date.now(), ...answer });
      return answer;
    };
    const writer = async (w: number) => {
      while (running) {
        const name = `W${w}-${sequence++}`;
        const created = record(
          'POST project',
          await call(
            `${server.url}/acme/api/v1/projects`,
            { method: 'POST', headers: json(provisioned.key), body: JSON.stringify(project(name)) },
            DEADLINE_MS,
          ),
        );
        if (created.status !== 201) continue;
        const row = { id: Number(JSON.parse(created.body).id), name, years: null as number | null };
        acknowledged.push(row);
        const flows = record(
          'PUT cashflows',
          await call(
            `${server.url}/acme/api/v1/projects/${row.id}/cashflows`,
            { method: 'PUT', headers: json(provisioned.key), body: JSON.stringify(cashflows(w, 5)) },
            DEADLINE_MS,
          ),
        );
        if (flows.status === 200) row.years = 5;
      }
    };
    const reader = async () => {
      while (running)
        record(
          'OData page',
          await call(`${server.url}/acme/odata/Projects?$top=20`, { headers: { Authorization: basic('FeedKey', provisioned.key) } }, DEADLINE_MS),
        );
    };
    const load = [0, 1, 2].map(writer).concat([reader(), reader()]);

    await sleep(3000);
    const killedAt = Date.now();
    await cluster.kill(cluster.nodes[0]);
    await sleep(10_000);
    running = false;
    await Promise.all(load);

    const bad = answers.filter((a) => ![200, 201, 503].includes(a.status)).map((a) => `${a.what}: ${a.status} ${a.body.slice(0, 200)}`);
    expect(bad).toEqual([]);
    const before = answers.filter((a) => a.at < killedAt);
    const lateAfter = answers.filter((a) => a.at > killedAt + 5000);
    expect(before.some((a) => a.status < 300)).toBe(true);
    // Service went on through the other two nodes (quorum 2 of 3).
    expect(lateAfter.filter((a) => a.status < 300).length).toBeGreaterThan(0);
    expect(await clusterSize(cluster.nodes[1])).toBe(2);

    // After the short window every request succeeds again.
    for (let i = 0; i < 10; i++) {
      const created = await call(
        `${server.url}/acme/api/v1/projects`,
        { method: 'POST', headers: json(provisioned.key), body: JSON.stringify(project(`after-${i}`)) },
        DEADLINE_MS,
      );
      expect({ status: created.status, body: created.status === 201 ? '' : created.body }).toEqual({ status: 201, body: '' });
      acknowledged.push({ id: Number(JSON.parse(created.body).id), name: `after-${i}`, years: null });
      const read = await call(`${server.url}/acme/odata/Projects?$top=5`, { headers: { Authorization: basic('FeedKey', provisioned.key) } }, DEADLINE_MS);
      expect(read.status).toBe(200);
    }

    // Everything acknowledged is on each surviving node.
    for (const node of cluster.nodes.slice(1)) {
      const connection = await createConnection(`${node.serverUrl}/ips`);
      const [projects] = await connection.query('SELECT id, name FROM project');
      const [flows] = await connection.query('SELECT projectId, COUNT(*) AS years FROM cashflow GROUP BY projectId');
      await connection.end();
      const names = new Map((projects as { id: number; name: string }[]).map((p) => [Number(p.id), p.name]));
      const years = new Map((flows as { projectId: number; years: number }[]).map((f) => [Number(f.projectId), Number(f.years)]));
      expect(acknowledged.filter((a) => names.get(a.id) !== a.name)).toEqual([]);
      expect(acknowledged.filter((a) => a.years !== null && years.get(a.id) !== a.years)).toEqual([]);
    }
    expect(acknowledged.length).toBeGreaterThan(10);
  });

  it('retries certification conflicts between two nodes instead of answering 500', async () => {
    const [, second, third] = cluster.nodes;
    const writers = [
      await startServer({ ...ENV, DATABASE_URL: `${second.serverUrl}/ips` }),
      await startServer({ ...ENV, DATABASE_URL: `${third.serverUrl}/ips` }),
    ];
    const created = await call(`${server.url}/acme/api/v1/projects`, {
      method: 'POST',
      headers: json(provisioned.key),
      body: JSON.stringify(project('contended')),
    });
    const id = Number(JSON.parse(created.body).id);

    // One client per process, so that any conflict is between the two nodes, not within one.
    const statuses: { status: number; body: string }[] = [];
    const write = async (writer: ServerProcess, tag: number) => {
      for (let i = 0; i < 40; i++) {
        const answer = await call(
          `${writer.url}/acme/api/v1/projects/${id}/cashflows`,
          { method: 'PUT', headers: json(provisioned.key), body: JSON.stringify(cashflows(tag, 20)) },
          DEADLINE_MS,
        );
        statuses.push({ status: answer.status, body: answer.status === 200 ? '' : answer.body.slice(0, 200) });
      }
    };
    await Promise.all([write(writers[0], 1000), write(writers[1], 2000)]);

    expect(statuses.filter((s) => s.status !== 200 && s.status !== 503)).toEqual([]);
    expect(statuses.filter((s) => s.status === 200).length).toBeGreaterThan(40);
    let retries = 0;
    for (const writer of writers) {
      const metrics = await call(`${writer.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
      for (const match of metrics.body.matchAll(/^ips_db_transaction_retries_total\{code="ER_LOCK_DEADLOCK"\} (\d+)/gm)) retries += Number(match[1]);
    }
    expect(retries).toBeGreaterThan(0);

    // Each replacement is whole: both nodes hold the 20 years of one writer, never a mix.
    for (const node of [second, third]) {
      const connection = await createConnection(`${node.serverUrl}/ips`);
      const [rows] = await connection.query('SELECT DISTINCT revenue FROM cashflow WHERE projectId = ?', [id]);
      const [count] = await connection.query('SELECT COUNT(*) AS n FROM cashflow WHERE projectId = ?', [id]);
      await connection.end();
      expect((rows as unknown[]).length).toBe(1);
      expect(Number((count as { n: number }[])[0].n)).toBe(20);
    }
  });

  it('reads at once through one node what was just written through another, even while that node applies late', async () => {
    const [, second, third] = cluster.nodes;
    const [writer, reader] = [
      await startServer({ ...ENV, DATABASE_URL: `${second.serverUrl}/ips` }),
      await startServer({ ...ENV, DATABASE_URL: `${third.serverUrl}/ips` }),
    ];
    for (const process of [writer, reader]) {
      const me = await call(`${process.url}/acme/api/v1/me`, { headers: json(provisioned.key) });
      expect(me.status).toBe(200);
    }
    // A global read lock on the reader's node pauses its applier: every commit from the other
    // nodes waits there, as it would behind a slow disk or a long flow-control pause.
    const lock = await createConnection(third.serverUrl);
    await lock.query('FLUSH TABLES WITH READ LOCK');
    try {
      const created = await call(`${writer.url}/acme/api/v1/projects`, {
        method: 'POST',
        headers: json(provisioned.key),
        body: JSON.stringify(project('read-your-writes')),
      });
      expect(created.status).toBe(201);
      const id = Number(JSON.parse(created.body).id);
      const read = call(`${reader.url}/acme/api/v1/projects/${id}`, { headers: json(provisioned.key) }, DEADLINE_MS);
      await sleep(1500);
      await lock.query('UNLOCK TABLES');
      const answer = await read;
      expect({ status: answer.status, name: answer.status === 200 ? JSON.parse(answer.body).name : answer.body }).toEqual({
        status: 200,
        name: 'read-your-writes',
      });
    } finally {
      await lock.end();
    }
  });
});
