// Scenario 10, the event-loop stall under the largest bodies the server accepts (issue 10):
// `node stall-worker.js '<job JSON>'`. Prepares its own tenant (so the rows of the other
// scenarios stay as they are), measures a normal request (an ordinary cashflow GET with a
// session, median, one at a time on an idle server), then for `seconds` sends from `clients`
// concurrent connections the largest bodies allowed to the sign-in route (16 KiB, 12 keys:
// the most the route's body scan lets through to validation) and to a cashflow PUT (301 valid
// yearly items, and 128 KiB of items with as many unknown keys as validation still sees), while probing /health/live every 10 ms.
// Prints {"event":"start"} when the load begins (the parent then starts the server's
// event-loop monitor) and the result at the end.
//
// With `floor: true` the same clients send the same bodies to the bench's bare node:http server
// (bench/raw-server.ts, which answers every request without parsing it): that server's longest
// loop delay is the least any server could show under this load on this machine, the stall's
// counterpart of scenario 0. No tenant, no checks, no normal request (its figures are NaN).
import http from 'node:http';

export interface StallJob {
  kind: 'stall';
  port: number;
  seconds: number;
  clients: number;
  adminPassword: string;
  tenant: string;
  tenantPassword: string;
  /** Send the load to the bare node:http server instead (see above). */
  floor?: boolean;
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

const json = { 'Content-Type': 'application/json' };

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

// The widest objects these routes still parse and validate: the DTO's own fields plus the
// 10 unknown properties a 400 names (keysWorthValidating in src/core/validation/unknown-properties.ts).
// A wider object is refused by the body scan before it is parsed; the worker checks, before the
// load starts, that its bodies do reach validation, so a changed bound cannot go unnoticed.
const SIGN_IN_KEYS = 12;
const CASHFLOW_ITEM_KEYS = 15;

/** The sign-in body at the route's key bound, its values padding it to the sign-in limit. */
export function widestSignIn(keys = SIGN_IN_KEYS): string {
  const unknown = keys - 2;
  const value = 'x'.repeat(Math.floor((SIGN_IN_LIMIT - 200) / unknown) - 12);
  const extra = Array.from({ length: unknown }, (_, i) => `"k${i}":"${value}"`);
  return `{"loginId":"Administrator","password":"wrong",${extra.join(',')}}`;
}

/** 301 items at the item key bound, the unknown keys' names long enough to fill the cashflow limit. */
export function widestCashflows(keys = CASHFLOW_ITEM_KEYS): string {
  const unknown = keys - 5;
  const declared = (year: number) => `"year":${year},"revenue":1,"opex":1,"capex":0,"netCashflow":0`;
  const nameLength = Math.floor((CASHFLOW_LIMIT / 301 - declared(2000).length - 4) / unknown) - 6;
  const extra = Array.from({ length: unknown }, (_, i) => `"${String(i).padStart(nameLength, 'u')}":1`).join(',');
  const items = Array.from({ length: 301 }, (_, i) => `{${declared(1900 + i)},${extra}}`);
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

interface Bodies {
  signIn: string;
  wide: string;
  valid: string;
}

interface Target {
  signIn: { path: string; headers: Record<string, string> };
  cashflows: { path: string; headers: Record<string, string> };
  normalRequestMs: number;
  idleProbeMs: number;
  expected: string[];
}

/** The bench's own tenant, a session and a project; a normal request measured; the bodies checked to reach validation. */
async function prepare(job: StallJob, bodies: Bodies): Promise<Target> {
  const { port, tenant } = job;
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

  // The widest bodies reach validation (a 400 naming their unknown properties); one key more is
  // refused by the scan. Otherwise the load would not be the worst the routes allow.
  const reaches = async (label: string, reply: Promise<Reply>, expected: RegExp) => {
    const r = await reply;
    if (r.status !== 400 || !expected.test(r.text)) throw new Error(`${label}: expected a 400 matching ${expected}, got ${r.status} ${r.text.slice(0, 300)}`);
  };
  await reaches('widest sign-in', send(port, 'POST', `/${tenant}/auth/login`, json, bodies.signIn), /should not exist/);
  await reaches('wider sign-in', send(port, 'POST', `/${tenant}/auth/login`, json, widestSignIn(SIGN_IN_KEYS + 1)), /more than/);
  await reaches('widest cashflows', send(port, 'PUT', cashflowsPath, session, bodies.wide), /should not exist/);
  await reaches('wider cashflows', send(port, 'PUT', cashflowsPath, session, widestCashflows(CASHFLOW_ITEM_KEYS + 1)), /more than/);
  return {
    signIn: { path: `/${tenant}/auth/login`, headers: json },
    cashflows: { path: cashflowsPath, headers: session },
    normalRequestMs: median(normal),
    idleProbeMs: median(idleProbe),
    expected: ['sign-in 400', 'cashflows-wide 400', 'cashflows-301 200'],
  };
}

/** The bare server answers every request with 200: the same paths and headers, nothing to prepare. */
const floorTarget = (job: StallJob): Target => ({
  signIn: { path: `/${job.tenant}/auth/login`, headers: json },
  cashflows: { path: `/${job.tenant}/api/v1/projects/1/cashflows`, headers: json },
  normalRequestMs: NaN,
  idleProbeMs: NaN,
  expected: ['sign-in 200', 'cashflows-wide 200', 'cashflows-301 200'],
});

async function stall(job: StallJob): Promise<StallResult> {
  const { port } = job;
  const bodies: Bodies = { signIn: widestSignIn(), wide: widestCashflows(), valid: validCashflows() };
  const target = job.floor ? floorTarget(job) : await prepare(job, bodies);
  const statuses: Record<string, number> = {};
  const count = (label: string, status: number) => (statuses[`${label} ${status}`] = (statuses[`${label} ${status}`] ?? 0) + 1);
  process.stdout.write(JSON.stringify({ event: 'start' }) + '\n');
  const since = process.cpuUsage();
  const started = Date.now();
  const until = started + job.seconds * 1000;
  const { signIn, cashflows } = target;
  const load = async (client: number) => {
    for (let n = 0; Date.now() < until; n++) {
      const kind = (client + n) % 3;
      if (kind === 0) count('sign-in', (await send(port, 'POST', signIn.path, signIn.headers, bodies.signIn)).status);
      else if (kind === 1) count('cashflows-wide', (await send(port, 'PUT', cashflows.path, cashflows.headers, bodies.wide)).status);
      else count('cashflows-301', (await send(port, 'PUT', cashflows.path, cashflows.headers, bodies.valid)).status);
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
  const unexpected = Object.keys(statuses).filter((k) => !target.expected.includes(k));
  if (unexpected.length) throw new Error(`unexpected answers under load: ${JSON.stringify(statuses)}`);
  return {
    normalRequestMs: target.normalRequestMs,
    idleProbeMs: target.idleProbeMs,
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
