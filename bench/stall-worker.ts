// Scenario 10, the event-loop stall under the largest bodies the server accepts (issue 10):
// `node stall-worker.js '<job JSON>'`. Prepares its own tenant (so the rows of the other
// scenarios stay as they are), measures a normal request (an ordinary cashflow GET with a
// session, median, one at a time on an idle server), then for `seconds` sends from `clients`
// concurrent connections the largest bodies allowed to the sign-in route (16 KiB, 199 keys:
// the most the parser lets through to validation) and to a cashflow PUT (301 valid yearly
// items, and 128 KiB of items with many unknown keys), while probing /health/live every 10 ms.
// Prints {"event":"start"} when the load begins (the parent then starts the server's
// event-loop monitor) and the result at the end.
import http from 'node:http';

export interface StallJob {
  kind: 'stall';
  port: number;
  seconds: number;
  clients: number;
  adminPassword: string;
  tenant: string;
  tenantPassword: string;
}

export interface StallResult {
  normalRequestMs: number;
  idleProbeMs: number;
  probes: number;
  probeP50Ms: number;
  probeP99Ms: number;
  worstProbeMs: number;
  requests: number;
  statuses: Record<string, number>;
  clientCpuMs: number;
  seconds: number;
}

// The server's body limits (SMALL_BODY, CASHFLOW_BODY_LIMIT): a body over one would be a 413,
// which the worker reports as an unexpected answer.
const SIGN_IN_LIMIT = 16 * 1024;
const CASHFLOW_LIMIT = 128 * 1024;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  const sized = body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: sized, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** 199 keys (the parser allows 200) with values padding the body to the sign-in limit: the widest body validation still sees. */
export function widestSignIn(): string {
  const keys = Array.from({ length: 197 }, (_, i) => `"k${i}":"${'x'.repeat(60)}"`);
  let body = `{"loginId":"Administrator","password":"wrong",${keys.join(',')}}`;
  if (Buffer.byteLength(body) > SIGN_IN_LIMIT) body = body.slice(0, SIGN_IN_LIMIT - 1) + '}';
  return body;
}

/** 301 items each carrying as many unknown keys as fit in the cashflow limit. */
export function widestCashflows(): string {
  const perItem = Math.floor(CASHFLOW_LIMIT / 301) - 80;
  const extra = Array.from({ length: Math.min(190, Math.floor(perItem / 8)) }, (_, i) => `"u${i}":1`).join(',');
  const items = Array.from({ length: 301 }, (_, i) => `{"year":${1900 + i},"revenue":1,"opex":1,"capex":0,"netCashflow":0,${extra}}`);
  while (Buffer.byteLength(`[${items.join(',')}]`) > CASHFLOW_LIMIT) items.pop();
  return `[${items.join(',')}]`;
}

export const validCashflows = () =>
  JSON.stringify(Array.from({ length: 301 }, (_, i) => ({ year: 1900 + i, revenue: 1234567.89, opex: 1.25, capex: 1e6, netCashflow: -99999.99 })));

async function expectStatus(label: string, expected: number[], reply: Promise<Reply>): Promise<Reply> {
  const r = await reply;
  if (!expected.includes(r.status)) throw new Error(`${label}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
}

async function stall(job: StallJob): Promise<StallResult> {
  const { port, tenant } = job;
  const json = { 'Content-Type': 'application/json' };
  const admin = { Authorization: 'Basic ' + Buffer.from(`admin:${job.adminPassword}`).toString('base64'), ...json };
  // Each round runs this worker again: the tenant from an earlier round is reused.
  await expectStatus(
    'create tenant',
    [201, 409],
    send(port, 'POST', '/admin/api/tenants', admin, JSON.stringify({ name: tenant, administratorPassword: job.tenantPassword })),
  );
  const login = await expectStatus(
    'sign-in',
    [200],
    send(port, 'POST', `/${tenant}/auth/login`, json, JSON.stringify({ loginId: 'Administrator', password: job.tenantPassword })),
  );
  const cookie = ([] as string[])
    .concat(login.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');
  const session = { Cookie: cookie, Origin: `http://127.0.0.1:${port}`, ...json };
  const project = await expectStatus(
    'project',
    [201],
    send(
      port,
      'POST',
      `/${tenant}/api/v1/projects`,
      session,
      JSON.stringify({ name: 'P', region: 'R', status: 'Approved', owner: null, startDate: '2030-01-01', capex: 1, npv: 1 }),
    ),
  );
  const cashflowsPath = `/${tenant}/api/v1/projects/${(JSON.parse(project.text) as { id: number }).id}/cashflows`;
  await expectStatus(
    'cashflows',
    [200],
    send(port, 'PUT', cashflowsPath, session, JSON.stringify([{ year: 2030, revenue: 1, opex: 1, capex: 0, netCashflow: 0 }])),
  );

  // A normal request: an ordinary read with a session, one at a time; and an idle liveness probe.
  for (let i = 0; i < 50; i++) await send(port, 'GET', cashflowsPath, session);
  const normal: number[] = [];
  const idleProbe: number[] = [];
  for (let i = 0; i < 200; i++) {
    normal.push((await send(port, 'GET', cashflowsPath, session)).ms);
    idleProbe.push((await send(port, 'GET', '/health/live')).ms);
  }

  const bodies = { signIn: widestSignIn(), wide: widestCashflows(), valid: validCashflows() };
  const statuses: Record<string, number> = {};
  const count = (label: string, status: number) => (statuses[`${label} ${status}`] = (statuses[`${label} ${status}`] ?? 0) + 1);
  process.stdout.write(JSON.stringify({ event: 'start' }) + '\n');
  const since = process.cpuUsage();
  const started = Date.now();
  const until = started + job.seconds * 1000;
  const load = async (client: number) => {
    for (let n = 0; Date.now() < until; n++) {
      const kind = (client + n) % 3;
      if (kind === 0) count('sign-in', (await send(port, 'POST', `/${tenant}/auth/login`, json, bodies.signIn)).status);
      else if (kind === 1) count('cashflows-wide', (await send(port, 'PUT', cashflowsPath, session, bodies.wide)).status);
      else count('cashflows-301', (await send(port, 'PUT', cashflowsPath, session, bodies.valid)).status);
    }
  };
  const probes: number[] = [];
  const probe = async () => {
    while (Date.now() < until) {
      probes.push((await send(port, 'GET', '/health/live')).ms);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await Promise.all([probe(), ...Array.from({ length: job.clients }, (_, c) => load(c))]);
  const used = process.cpuUsage(since);
  const unexpected = Object.keys(statuses).filter((k) => !['sign-in 400', 'cashflows-wide 400', 'cashflows-301 200'].includes(k));
  if (unexpected.length) throw new Error(`unexpected answers under load: ${JSON.stringify(statuses)}`);
  return {
    normalRequestMs: median(normal),
    idleProbeMs: median(idleProbe),
    probes: probes.length,
    probeP50Ms: median(probes),
    probeP99Ms: percentile(probes, 0.99),
    worstProbeMs: Math.max(...probes),
    requests: Object.values(statuses).reduce((a, b) => a + b, 0),
    statuses,
    clientCpuMs: (used.user + used.system) / 1000,
    seconds: (Date.now() - started) / 1000,
  };
}

stall(JSON.parse(process.argv[2]) as StallJob)
  .then((result) => {
    agent.destroy();
    process.stdout.write(JSON.stringify({ event: 'end', result }) + '\n');
  })
  .catch((error: Error) => {
    process.stderr.write(`stall worker failed: ${error.stack ?? String(error)}\n`);
    process.exit(1);
  });
