// Event-loop stall under the largest bodies the server accepts (issue 10). Starts the BUILT
// server (`nest build` first: dist/src/main.js) on an empty embedded database, then for a few
// seconds sends, from several concurrent clients, the largest bodies allowed to the sign-in
// route (16 KiB, 199 keys: the most the parser lets through to validation) and to a cashflow PUT
// (301 valid yearly items, and 256 KiB of items with many unknown keys), while probing
// /health/live every 10 ms. Prints the worst probe latency as a ratio to a normal request's
// latency (the median of an ordinary cashflow GET with a session, measured before the load).
//
//   npx ts-node --transpile-only bench/stall.ts [--seconds 8] [--clients 4] [--json]
//
// Only Node built-ins, so the benchmark runner (src/cli/bench.ts) can spawn it as is.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ADMIN_PASSWORD = 'stall-bench-admin-password';
const TENANT_PASSWORD = 'stall-bench-tenant-password';
const SIGN_IN_LIMIT = 16 * 1024;
const CASHFLOW_LIMIT = 256 * 1024;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  const url = new URL(path, base);
  const sized = body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: sized, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function startServer(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [...(process.env.STALL_NODE_ARGS ?? '').split(' ').filter(Boolean), 'dist/src/main.js'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', IPS_DEMO: 'false', IPS_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /IPS server (?:\S+ )?listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
  return { child, base };
}

/** 199 keys (the parser allows 200) with values padding the body to the sign-in limit: the widest body validation still sees. */
function widestSignIn(): string {
  const keys = Array.from({ length: 197 }, (_, i) => `"k${i}":"${'x'.repeat(60)}"`);
  let body = `{"loginId":"Administrator","password":"wrong",${keys.join(',')}}`;
  if (Buffer.byteLength(body) > SIGN_IN_LIMIT) body = body.slice(0, SIGN_IN_LIMIT - 1) + '}';
  return body;
}

/** 301 items each carrying as many unknown keys as fit in the cashflow limit. */
function widestCashflows(): string {
  const perItem = Math.floor(CASHFLOW_LIMIT / 301) - 80;
  const extra = Array.from({ length: Math.min(190, Math.floor(perItem / 8)) }, (_, i) => `"u${i}":1`).join(',');
  const items = Array.from({ length: 301 }, (_, i) => `{"year":${1900 + i},"revenue":1,"opex":1,"capex":0,"netCashflow":0,${extra}}`);
  while (Buffer.byteLength(`[${items.join(',')}]`) > CASHFLOW_LIMIT) items.pop();
  return `[${items.join(',')}]`;
}

const validCashflows = () =>
  JSON.stringify(Array.from({ length: 301 }, (_, i) => ({ year: 1900 + i, revenue: 1234567.89, opex: 1.25, capex: 1e6, netCashflow: -99999.99 })));

async function main(): Promise<void> {
  const seconds = argument('seconds', 8);
  const clients = argument('clients', 4);
  const dataDir = mkdtempSync(join(tmpdir(), 'ips-stall-'));
  const { child, base } = await startServer(dataDir);
  try {
    const admin = { Authorization: 'Basic ' + Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64'), 'Content-Type': 'application/json' };
    const tenant = await send(base, 'POST', '/admin/api/tenants', admin, JSON.stringify({ name: 'stall', administratorPassword: TENANT_PASSWORD }));
    if (tenant.status !== 201) throw new Error(`create tenant: ${tenant.status} ${tenant.text}`);
    const login = await send(
      base,
      'POST',
      '/stall/auth/login',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ loginId: 'Administrator', password: TENANT_PASSWORD }),
    );
    if (login.status !== 200) throw new Error(`sign-in: ${login.status} ${login.text}`);
    const cookie = ([] as string[])
      .concat(login.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    const session = { Cookie: cookie, Origin: base, 'Content-Type': 'application/json' };
    const project = await send(
      base,
      'POST',
      '/stall/api/v1/projects',
      session,
      JSON.stringify({ name: 'P', region: 'R', status: 'Approved', owner: null, startDate: '2030-01-01', capex: 1, npv: 1 }),
    );
    if (project.status !== 201) throw new Error(`project: ${project.status} ${project.text}`);
    const cashflowsPath = `/stall/api/v1/projects/${JSON.parse(project.text).id}/cashflows`;
    await send(base, 'PUT', cashflowsPath, session, JSON.stringify([{ year: 2030, revenue: 1, opex: 1, capex: 0, netCashflow: 0 }]));

    // A normal request: an ordinary read with a session, and an idle liveness probe.
    for (let i = 0; i < 50; i++) await send(base, 'GET', cashflowsPath, session);
    const normal: number[] = [];
    const idleProbe: number[] = [];
    for (let i = 0; i < 200; i++) {
      normal.push((await send(base, 'GET', cashflowsPath, session)).ms);
      idleProbe.push((await send(base, 'GET', '/health/live')).ms);
    }

    const bodies = { signIn: widestSignIn(), wide: widestCashflows(), valid: validCashflows() };
    const statuses: Record<string, number> = {};
    const count = (label: string, status: number) => (statuses[`${label} ${status}`] = (statuses[`${label} ${status}`] ?? 0) + 1);
    const until = Date.now() + seconds * 1000;
    // --kinds 0,1,2 picks the bodies (0 sign-in, 1 wide cashflows, 2 valid cashflows).
    const kinds = (process.argv[process.argv.indexOf('--kinds') + 1] ?? '').match(/^[012](,[012])*$/)
      ? process.argv[process.argv.indexOf('--kinds') + 1].split(',').map(Number)
      : [0, 1, 2];
    const load = async (client: number) => {
      for (let n = 0; Date.now() < until; n++) {
        const kind = kinds[(client + n) % kinds.length];
        if (kind === 0) count('sign-in', (await send(base, 'POST', '/stall/auth/login', { 'Content-Type': 'application/json' }, bodies.signIn)).status);
        else if (kind === 1) count('cashflows-wide', (await send(base, 'PUT', cashflowsPath, session, bodies.wide)).status);
        else count('cashflows-301', (await send(base, 'PUT', cashflowsPath, session, bodies.valid)).status);
      }
    };
    const probes: number[] = [];
    const probe = async () => {
      while (Date.now() < until) {
        probes.push((await send(base, 'GET', '/health/live')).ms);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await Promise.all([probe(), ...Array.from({ length: clients }, (_, c) => load(c))]);

    const result = {
      normalRequestMs: round(median(normal)),
      idleProbeMs: round(median(idleProbe)),
      probes: probes.length,
      probeP50Ms: round(median(probes)),
      probeP99Ms: round(percentile(probes, 0.99)),
      worstProbeMs: round(Math.max(...probes)),
      stallRatio: round(Math.max(...probes) / median(normal)),
      bodies: {
        signInBytes: Buffer.byteLength(bodies.signIn),
        cashflowsWideBytes: Buffer.byteLength(bodies.wide),
        cashflows301Bytes: Buffer.byteLength(bodies.valid),
      },
      statuses,
      target: 'stallRatio below 10',
    };
    if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(result) + '\n');
    else {
      process.stdout.write(
        [
          `normal request (cashflow GET, median): ${result.normalRequestMs} ms; idle /health/live: ${result.idleProbeMs} ms`,
          `under load (${clients} clients, ${seconds} s; ${Object.entries(statuses)
            .map(([k, v]) => `${k}×${v}`)
            .join(', ')})`,
          `  /health/live p50 ${result.probeP50Ms} ms, p99 ${result.probeP99Ms} ms, worst ${result.worstProbeMs} ms (${result.probes} probes)`,
          `worst-case event-loop stall ratio: ${result.stallRatio} (target: below 10)`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    child.kill('SIGTERM');
    agent.destroy();
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

main().catch((error: Error) => {
  process.stderr.write(`stall bench failed: ${error.message}\n`);
  process.exit(1);
});
