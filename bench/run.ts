// npm run bench [-- --help]: measures the server, not its client. The built server runs as its
// own process on the embedded database (and on MySQL/MariaDB when DATABASE_URL is set); tenants,
// users, keys and sessions are prepared through the public API; the seed command loads the rows;
// autocannon drives load from separate processes, with warm-up, in rounds whose order rotates
// so that drift hits every scenario alike. The server's CPU time per request (from /proc) and
// the client's CPU share are recorded, so a reader sees which side saturated.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { cpus, freemem, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { eventLoopMonitor, Measured, runWorker, startProcess, Started, stop } from './children';
import { DriverCountResult, DriverExportResult } from './driver-worker';
import { HttpClient } from './http-client';
import { LatencyResult, LoadJob, LoadResult, WalkResult } from './load-worker';
import { BenchOptions, HELP, loadJob, parseOptions } from './options';
import { machineTicks, sampleRss, stealShare } from './proc';
import { nginxInstalled, ScaleOut } from './scale-out';
import { StallJob, StallResult } from './stall-worker';
import { DatabaseReport, printReport, ScenarioRecord } from './report';

const ROOT = resolve(__dirname, '..', '..');
const ADMIN_PASSWORD = 'bench-admin-password';
const PASSWORD = 'bench-user-password-1';
const TENANT = 'bench';
const STALL_TENANT = 'stall';
const STALL_CLIENTS = 4;
const FLOOD_ADDRESS = '198.51.100.66';
const VALID_ADDRESS = '198.51.100.7';

const basic = (name: string, secret: string) => 'Basic ' + Buffer.from(`${name}:${secret}`).toString('base64');
const log = (line: string) => process.stderr.write(line + '\n');

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

interface Credentials {
  key: string;
  analystCookie: string;
  keygenCookie: string;
}

/** Tenant, two users in a workgroup with Security/API Key and Data/Read, a key and two sessions: all through the public API. */
async function prepare(http: HttpClient, origin: string): Promise<Credentials> {
  await http.expect(201, 'POST', '/admin/api/tenants', { authorization: basic('admin', ADMIN_PASSWORD) }, { name: TENANT, administratorPassword: PASSWORD });
  const signIn = async (loginId: string) => {
    const reply = await http.expect(200, 'POST', `/${TENANT}/auth/login`, {}, { loginId, password: PASSWORD });
    return String(([] as string[]).concat(reply.headers['set-cookie'] ?? []).find((c) => c.startsWith('ips_session='))).split(';')[0];
  };
  const admin = { cookie: await signIn('Administrator'), origin };
  const ids: number[] = [];
  for (const loginId of ['analyst', 'keygen']) {
    const user = await http.expect(201, 'POST', `/${TENANT}/api/v1/users`, admin, { loginId, type: 'Local', password: PASSWORD });
    ids.push((JSON.parse(user.body) as { id: number }).id);
  }
  await http.expect(201, 'POST', `/${TENANT}/api/v1/workgroups`, admin, {
    name: 'Bench',
    members: ids,
    roles: { 'Security/API Key': 'Allowed', 'Data/Read': 'Allowed' },
  });
  const analystCookie = await signIn('analyst');
  const issued = await http.expect(201, 'POST', `/${TENANT}/api/v1/me/api-key`, { cookie: analystCookie, origin });
  return { key: (JSON.parse(issued.body) as { key: string }).key, analystCookie, keygenCookie: await signIn('keygen') };
}

async function createMysqlDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = new URL(url);
  const name = `ips_bench_${process.pid}`;
  const admin = new URL(server.href);
  admin.pathname = '/';
  const connection = await createConnection({ uri: admin.href });
  await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await connection.end();
  server.pathname = `/${name}`;
  return {
    url: server.href,
    drop: async () => {
      const c = await createConnection({ uri: admin.href });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

async function benchDatabase(kind: 'sqlite' | 'mysql', options: BenchOptions): Promise<DatabaseReport> {
  const dir = mkdtempSync(join(tmpdir(), 'ips-bench-'));
  const mysql = kind === 'mysql' ? await createMysqlDatabase(process.env.DATABASE_URL ?? '') : null;
  const databaseUrl = mysql ? mysql.url : `sqlite:${join(dir, 'bench.sqlite')}`;
  const [port, rawPort] = [await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DATA_DIR: dir,
    IPS_SECRET: 'bench-secret-that-is-at-least-32-characters',
    IPS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    IPS_DEMO: 'false',
    LOG_LEVEL: options.logLevel,
    // Scenario 6 needs two client addresses on one machine: the load workers name theirs in X-Forwarded-For.
    TRUST_PROXY: '127.0.0.1',
  };
  const http = new HttpClient(port);
  const serverMain = options.server ? resolve(options.server) : join(ROOT, 'dist', 'src', 'main.js');
  let server: Started | null = null;
  let raw: Started | null = null;
  let scaleOutProcesses: ScaleOut | undefined;
  const profileDir = join(ROOT, 'bench', 'results', 'profiles');
  try {
    const nodeArgs = [
      ...productionNodeFlags(),
      ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '-r', join(__dirname, 'profile-exit.js')] : []),
      // Idle until scenario 10 starts it (no timer runs before).
      '-r',
      join(__dirname, 'event-loop-monitor.js'),
    ];
    if (options.cpuProf) mkdirSync(profileDir, { recursive: true });
    const startServer = () => startProcess([...nodeArgs, serverMain], env, async () => (await http.call('GET', '/health/live')).status === 200);
    server = await startServer();
    const rawClient = new HttpClient(rawPort);
    // The monitor too: scenario 10 measures the bare server's loop under the same load (its floor).
    raw = await startProcess(
      ['-r', join(__dirname, 'event-loop-monitor.js'), join(__dirname, 'raw-server.js'), String(rawPort)],
      env,
      async () => (await rawClient.call('GET', '/')).status === 200,
    );
    rawClient.close();

    const credentials = await prepare(http, origin);
    const rows = options.projects * 50;
    log(`[${kind}] loading ${options.projects} projects (${rows} cashflow rows) with the seed command...`);
    const seeded = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'seed.js'), '--tenant', TENANT, '--projects', String(options.projects)], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (seeded.status !== 0) throw new Error('the seed command failed');
    // SQLite loads planner statistics when a connection opens: the seed's ANALYZE reaches a
    // server started afterwards (sessions and keys live in the database and survive the restart).
    await stop(server, options.cpuProf ? 'SIGUSR2' : 'SIGTERM');
    server = await startServer();

    const scaleOut = async () => {
      scaleOutProcesses ??= await ScaleOut.start({ env, main: serverMain, databaseUrl, freePort, nginxWorkers: options.nginxWorkers });
      return scaleOutProcesses;
    };
    const canScaleOut = kind === 'mysql' && options.scenarios.has(11) && (await nginxInstalled());
    if (kind === 'mysql' && options.scenarios.has(11) && !canScaleOut) log('[mysql] scenario 11 skipped: nginx is not installed');
    return await runRounds(kind, options, {
      port,
      rawPort,
      origin,
      databaseUrl,
      raw,
      credentials,
      rows,
      server,
      scaleOut: canScaleOut ? scaleOut : null,
    });
  } catch (error) {
    if (server) log(`server output:\n${server.output()}`);
    throw error;
  } finally {
    await scaleOutProcesses?.stop();
    http.close();
    await stop(raw);
    await stop(server, options.cpuProf ? 'SIGUSR2' : 'SIGTERM');
    await mysql?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Setup {
  port: number;
  rawPort: number;
  origin: string;
  databaseUrl: string;
  raw: Started;
  credentials: Credentials;
  rows: number;
  server: Started;
  /** Scenario 11's processes (started at first use), or null where it does not run (SQLite, no nginx). */
  scaleOut: (() => Promise<ScaleOut>) | null;
}

const FILTERED = `/${TENANT}/odata/Cashflows?$filter=Year ge 2040 and NetCashflow gt 0&$count=true`;
const FILTERED_COUNT_ONLY = `/${TENANT}/odata/Cashflows/$count?$filter=Year ge 2040 and NetCashflow gt 0`;
const encodePath = (path: string) => path.replace(/ /g, '%20');

async function runRounds(kind: string, options: BenchOptions, s: Setup): Promise<DatabaseReport> {
  const { key, analystCookie, keygenCookie } = s.credentials;
  const feedKey = { authorization: basic('FeedKey', key) };
  const load = (path: string, headers: Record<string, string>, extra: Partial<LoadJob> = {}) => loadJob(options, s.port, path, headers, extra);
  const loadJobs: Record<number, { name: string; job: LoadJob; pid: number }> = {
    0: { name: 'raw node:http, same JSON', job: load('/', {}, { port: s.rawPort }), pid: s.raw.pid },
    1: { name: 'GET /health/live (no I/O)', job: load('/health/live', {}), pid: s.server.pid },
    2: { name: 'GET /me, Bearer key', job: load(`/${TENANT}/api/v1/me`, { authorization: `Bearer ${key}` }), pid: s.server.pid },
    3: { name: 'OData service document, Basic FeedKey:key', job: load(`/${TENANT}/odata/`, feedKey), pid: s.server.pid },
    4: {
      name: 'OData service document, Basic password (Argon2id)',
      job: load(`/${TENANT}/odata/`, { authorization: basic('analyst', PASSWORD) }),
      pid: s.server.pid,
    },
    5: { name: 'GET /me, session cookie', job: load(`/${TENANT}/api/v1/me`, { cookie: analystCookie }), pid: s.server.pid },
    9: {
      name: 'POST /me/api-key (key generation)',
      job: load(`/${TENANT}/api/v1/me/api-key`, { cookie: keygenCookie, origin: s.origin }, { method: 'POST', status: 201 }),
      pid: s.server.pid,
    },
  };
  const records = new Map<number, ScenarioRecord>();
  const record = (id: number, name: string) => {
    if (!records.has(id)) records.set(id, { id, name, rounds: [] });
    return records.get(id)!;
  };
  const order = [...options.scenarios].sort((a, b) => a - b);

  for (let round = 0; round < options.rounds; round++) {
    // Rotate the order each round, so slow drift of the machine spreads over every scenario.
    const shift = round % order.length;
    const thisRound = [...order.slice(shift), ...order.slice(0, shift)];
    log(`[${kind}] round ${round + 1}/${options.rounds}: scenarios ${thisRound.join(', ')}`);
    for (const id of thisRound) {
      if (loadJobs[id]) {
        const { name, job, pid } = loadJobs[id];
        const m = await runWorker<LoadResult>('load-worker.js', job, pid);
        if (m.result.unexpected) throw new Error(`scenario ${id}: ${m.result.unexpected} unexpected answers ${JSON.stringify(m.result.statuses)}`);
        record(id, name).rounds.push(loadMetrics(m));
      } else if (id === 6) {
        record(6, 'valid FeedKey client under a flood of wrong keys from another address').rounds.push(await flood(s, options, feedKey));
      } else if (id === 7) {
        record(7, `export of every Cashflow row (${s.rows}) following nextLinks`).rounds.push(await exportRows(s, options, feedKey));
      } else if (id === 8) {
        record(8, 'filtered count (Year ge 2040 and NetCashflow gt 0, $count=true)').rounds.push(await filteredCount(s, options, feedKey));
      } else if (id === 10) {
        record(10, `event-loop stall: largest sign-in and cashflow PUT bodies from ${STALL_CLIENTS} clients`).rounds.push(await eventLoopStall(s, options));
      } else if (id === 11 && s.scaleOut) {
        const processes = await s.scaleOut();
        record(11, 'scale-out: OData Projects?$top=5 with a key, 2 processes behind nginx against 1').rounds.push(
          await processes.measure(`/${TENANT}/odata/Projects?$top=5`, feedKey, options),
        );
      }
    }
  }
  return { database: kind, rows: s.rows, scenarios: [...records.values()].sort((a, b) => a.id - b.id) };
}

function loadMetrics(m: Measured<LoadResult>): Record<string, number> {
  const seconds = m.result.seconds;
  return {
    rps: m.result.rps,
    p50Ms: m.result.p50,
    p99Ms: m.result.p99,
    serverCpuUsPerRequest: m.result.requests ? (m.serverCpuMs * 1000) / m.result.requests : 0,
    serverCores: m.serverCpuMs / (seconds * 1000),
    clientCores: m.result.clientCpuMs / (seconds * 1000),
  };
}

/** Scenario 6: wrong keys from one address while the valid client runs scenario 3 from another. */
async function flood(s: Setup, options: BenchOptions, feedKey: Record<string, string>): Promise<Record<string, number>> {
  const job = (headers: Record<string, string>, extra: Partial<LoadJob>) => loadJob(options, s.port, `/${TENANT}/odata/`, headers, extra);
  const attacker = runWorker<LoadResult>(
    'load-worker.js',
    job({ 'x-forwarded-for': FLOOD_ADDRESS }, { floodWrongKeys: true, warmupSeconds: 0, seconds: options.warmup + options.seconds + 2, status: 401 }),
  );
  await new Promise((r) => setTimeout(r, 500));
  const valid = await runWorker<LoadResult>('load-worker.js', job({ ...feedKey, 'x-forwarded-for': VALID_ADDRESS }, {}), s.server.pid);
  const flooded = await attacker;
  if (valid.result.unexpected) throw new Error(`scenario 6: the valid client got ${JSON.stringify(valid.result.statuses)}`);
  const statuses = flooded.result.statuses;
  const floodTotal = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    ...loadMetrics(valid),
    floodRps: floodTotal / flooded.result.seconds,
    flood401: statuses['401'] ?? 0,
    flood429: statuses['429'] ?? 0,
    floodClientCores: flooded.result.clientCpuMs / (flooded.result.seconds * 1000),
  };
}

/** Scenario 7: Power Query's walk, against the driver's own keyset read measured now. */
async function exportRows(s: Setup, options: BenchOptions, feedKey: Record<string, string>): Promise<Record<string, number>> {
  const peak = sampleRss(s.server.pid);
  const walked = await runWorker<WalkResult>(
    'load-worker.js',
    { kind: 'walk', port: s.port, path: `/${TENANT}/odata/Cashflows`, headers: feedKey, repeats: options.latencyRepeats },
    s.server.pid,
  );
  const peakRssMb = peak();
  if (walked.result.rows !== s.rows) throw new Error(`export: ${walked.result.rows} rows, expected ${s.rows}`);
  const driver = await runWorker<DriverExportResult>('driver-worker.js', {
    kind: 'export',
    database: s.databaseUrl,
    tenant: TENANT,
    repeats: 1,
    origin: s.origin,
  });
  if (driver.result.rows !== s.rows) throw new Error(`driver export: ${driver.result.rows} rows, expected ${s.rows}`);
  // The same walk with Power Query's Accept-Encoding (issue 13: compressed rows/s >= 0.8 of plain).
  const gzipped = await runWorker<WalkResult>(
    'load-worker.js',
    { kind: 'walk', port: s.port, path: `/${TENANT}/odata/Cashflows`, headers: { ...feedKey, 'Accept-Encoding': 'gzip, deflate' }, repeats: 1 },
    s.server.pid,
  );
  if (gzipped.result.rows !== s.rows) throw new Error(`gzip export: ${gzipped.result.rows} rows, expected ${s.rows}`);
  return {
    gzipRowsPerSecond: gzipped.result.rowsPerSecond,
    plainMb: walked.result.wireBytes / 1e6,
    gzipMb: gzipped.result.wireBytes / 1e6,
    rowsPerSecond: walked.result.rowsPerSecond,
    driverRowsPerSecond: driver.result.rowsPerSecond,
    pages: walked.result.pages,
    firstPageMs: walked.result.firstPageMs,
    lastPageMs: walked.result.lastPageMs,
    peakRssMb,
    serverCores: walked.serverCpuMs / walked.wallMs,
    clientCores: walked.result.clientCpuMs / walked.wallMs,
  };
}

/** Scenario 8: the feed's filtered count against the same COUNT on the driver. */
async function filteredCount(s: Setup, options: BenchOptions, feedKey: Record<string, string>): Promise<Record<string, number>> {
  const latency = (path: string) =>
    runWorker<LatencyResult>(
      'load-worker.js',
      { kind: 'latency', port: s.port, path: encodePath(path), headers: feedKey, repeats: options.latencyRepeats },
      s.server.pid,
    );
  const withPage = await latency(FILTERED);
  const countOnly = await latency(FILTERED_COUNT_ONLY);
  const driver = await runWorker<DriverCountResult>('driver-worker.js', {
    kind: 'count',
    database: s.databaseUrl,
    tenant: TENANT,
    repeats: options.latencyRepeats,
    origin: s.origin,
  });
  const served = (JSON.parse(withPage.result.body) as { '@odata.count': number })['@odata.count'];
  if (served !== driver.result.count || Number(countOnly.result.body) !== driver.result.count) {
    throw new Error(`filtered count: the feed says ${served} / ${countOnly.result.body}, the driver ${driver.result.count}`);
  }
  return {
    count: driver.result.count,
    feedMs: withPage.result.medianMs,
    driverCountAndPageMs: driver.result.countAndPageMs,
    feedCountOnlyMs: countOnly.result.medianMs,
    driverCountMs: driver.result.countMs,
  };
}

/**
 * The Node options the server runs with in production: those of `npm run start:prod` (none
 * today: `node dist/src/main.js`), read from package.json so the bench measures the server as
 * it is deployed, not a tuned copy.
 */
function productionNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = scripts['start:prod'].trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`start:prod does not start with node: ${scripts['start:prod']}`);
  return words.slice(1).filter((word) => word.startsWith('--'));
}

/** Scenario 10: the server's longest event-loop delay while the largest bodies arrive, against a normal request. */
async function eventLoopStall(s: Setup, options: BenchOptions): Promise<Record<string, number>> {
  const monitor = eventLoopMonitor(s.server);
  const job: StallJob = {
    kind: 'stall',
    port: s.port,
    seconds: options.seconds,
    clients: STALL_CLIENTS,
    adminPassword: ADMIN_PASSWORD,
    tenant: STALL_TENANT,
    tenantPassword: PASSWORD,
  };
  const ticks = machineTicks();
  const m = await runWorker<StallResult>('stall-worker.js', job, s.server.pid, { onStart: monitor.start });
  const delay = await monitor.read();
  const steal = stealShare(ticks, machineTicks());
  const r = m.result;
  // The same clients and bodies against the bare node:http server, right after: the least delay
  // this machine allowed in this round (what a server doing nothing with the bodies shows).
  const floorMonitor = eventLoopMonitor(s.raw);
  const floor = await runWorker<StallResult>('stall-worker.js', { ...job, port: s.rawPort, floor: true }, s.raw.pid, { onStart: floorMonitor.start });
  const floorDelay = await floorMonitor.read();
  return {
    normalRequestMs: r.normalRequestMs,
    serverMaxDelayMs: delay.maxMs,
    serverP99DelayMs: delay.p99Ms,
    stallRatio: delay.maxMs / r.normalRequestMs,
    longestBlockCpuMs: delay.longestBlockCpuMs,
    longestBlockWallMs: delay.longestBlockWallMs,
    blockCpuRatio: delay.longestBlockCpuMs / r.normalRequestMs,
    longestGcMs: delay.longestGcMs,
    longestMajorGcMs: delay.longestMajorGcMs,
    majorGcs: delay.majorGcs,
    gcMsPerSecond: delay.gcMs / (m.wallMs / 1000),
    idleProbeMs: r.idleProbeMs,
    probeP50Ms: r.probeP50Ms,
    probeP99Ms: r.probeP99Ms,
    worstProbeMs: r.worstProbeMs,
    probeRatio: r.worstProbeMs / r.normalRequestMs,
    rps: r.requests / r.seconds,
    serverCores: m.serverCpuMs / m.wallMs,
    clientCores: r.clientCpuMs / m.wallMs,
    stealShare: steal,
    floorMaxDelayMs: floorDelay.maxMs,
    floorRatio: floorDelay.maxMs / r.normalRequestMs,
    delayOverFloor: delay.maxMs / floorDelay.maxMs,
    floorRps: floor.result.requests / floor.result.seconds,
    floorServerCores: floor.serverCpuMs / floor.wallMs,
  };
}

function machine() {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    kernel: release(),
    node: process.version,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(HELP);
    return;
  }
  const options = parseOptions(args, process.env);
  const started = new Date();
  const ticks = machineTicks();
  const reports: DatabaseReport[] = [];
  for (const kind of options.databases) reports.push(await benchDatabase(kind, options));
  const result = {
    date: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 1000),
    stealShare: stealShare(ticks, machineTicks()),
    machine: machine(),
    options: { ...options, scenarios: [...options.scenarios] },
    databases: reports,
  };
  process.stdout.write(printReport(result));
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(`\nRaw rounds: ${file}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack ?? String(error)}\n`);
  process.exit(1);
});
