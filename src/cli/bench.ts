// npm run bench [-- --projects 2000 --seconds 3 --connections 16]
// Starts the built server as a child process on a temporary SQLite file (or DATABASE_URL),
// loads sample data, and reports throughput and latency RATIOS measured in one run (the
// machine is shared and noisy: absolute numbers mean little, ratios are what we compare).
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const PROJECTS = arg('projects', 2000);
const SECONDS = arg('seconds', 3);
const CONNECTIONS = arg('connections', 16);
const ADMIN_PASSWORD = 'bench-admin-password';
const PASSWORD = 'bench-user-password-1';

const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Walks every page of `path` through nextLinks (decompressing as the reply says): rows, wire bytes and time. */
async function exportWalk(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ rows: number; bytes: number; ms: number; pages: number; last: string }> {
  const started = process.hrtime.bigint();
  let next: string | null = path;
  let last = path;
  let rows = 0;
  let bytes = 0;
  let pages = 0;
  while (next) {
    last = next;
    const reply: RawReply = await callRaw(port, next, headers);
    bytes += reply.body.length;
    const encoding = reply.headers['content-encoding'];
    const text = (encoding === 'gzip' ? gunzipSync(reply.body) : encoding === 'deflate' ? inflateSync(reply.body) : reply.body).toString('utf8');
    const page = JSON.parse(text) as { value: unknown[]; '@odata.nextLink'?: string };
    rows += page.value.length;
    const link = page['@odata.nextLink'];
    next = link ? new URL(link).pathname + new URL(link).search : null;
    pages++;
  }
  return { rows, bytes, ms: Number(process.hrtime.bigint() - started) / 1e6, pages, last };
}

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function callRaw(port: number, path: string, headers: Record<string, string>): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function call(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Requests per second over SECONDS with CONNECTIONS concurrent clients; every answer must be `expect`. */
async function throughput(port: number, path: string, headers: Record<string, string>, expect = 200): Promise<number> {
  let count = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const reply = await call(port, 'GET', path, headers);
        if (reply.status !== expect) throw new Error(`${path}: ${reply.status} ${reply.body.slice(0, 200)}`);
        count++;
      }
    }),
  );
  return count / SECONDS;
}

/** Median latency in ms of `n` sequential requests. */
async function latency(port: number, path: string, headers: Record<string, string>, n = 15, expect = 200): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    const reply = await call(port, 'GET', path, headers);
    if (reply.status !== expect) throw new Error(`${path}: ${reply.status} ${reply.body.slice(0, 200)}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ips-bench-'));
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: process.env.DATABASE_URL ?? `sqlite:${join(dir, 'bench.sqlite')}`,
    DATA_DIR: dir,
    IPS_SECRET: process.env.IPS_SECRET ?? 'bench-secret-that-is-at-least-32-characters',
    IPS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    IPS_DEMO: 'false',
    LOG_LEVEL: 'silent',
  };
  let server: ChildProcess | null = null;
  try {
    server = spawn(process.execPath, ['dist/src/main.js'], { env, stdio: 'ignore' });
    for (let i = 0; ; i++) {
      try {
        if ((await call(port, 'GET', '/health')).status === 200) break;
      } catch {
        /* not up yet */
      }
      if (i > 100) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const admin = { authorization: 'Basic ' + Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64') };
    await call(port, 'POST', '/admin/api/tenants', admin, { name: 'bench', administratorPassword: PASSWORD });
    const login = await call(port, 'POST', '/bench/auth/login', {}, { loginId: 'Administrator', password: PASSWORD });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const session = { cookie, origin: `http://127.0.0.1:${port}` };
    const key = JSON.parse((await call(port, 'POST', '/bench/api/v1/me/api-key', session)).body).key as string;

    process.stderr.write(`loading ${PROJECTS} projects (${PROJECTS * 50} cashflows)...\n`);
    const seed = spawnSync(process.execPath, ['dist/src/cli/seed.js', '--tenant', 'bench', '--projects', String(PROJECTS)], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (seed.status !== 0) throw new Error('seed failed');

    const bearer = { authorization: `Bearer ${key}` };
    const feedKey = { authorization: 'Basic ' + Buffer.from(`FeedKey:${key}`).toString('base64') };
    const password = { authorization: 'Basic ' + Buffer.from(`Administrator:${PASSWORD}`).toString('base64') };

    // Warm up every path once (JIT, connection pools, the database's caches after the bulk load).
    for (const [path, headers] of [
      ['/health/live', {}],
      ['/bench/api/v1/me', bearer],
      ['/bench/api/v1/me', { cookie }],
      ['/bench/odata/', feedKey],
    ] as const) {
      for (let i = 0; i < 200; i++) await call(port, 'GET', path, headers);
    }
    const live = await throughput(port, '/health/live', {});
    const keyMe = await throughput(port, '/bench/api/v1/me', bearer);
    const sessionMe = await throughput(port, '/bench/api/v1/me', { cookie });
    const odataRoot = await throughput(port, '/bench/odata/', feedKey);
    const passwordRoot = await throughput(port, '/bench/odata/', password);

    // Unknown users must cost the same Argon2 time as wrong passwords (9 each: under the throttle).
    const wrongPassword = await latency(
      port,
      '/bench/odata/',
      { authorization: 'Basic ' + Buffer.from('Administrator:not-the-password').toString('base64') },
      9,
      401,
    );
    const unknownUser = await latency(
      port,
      '/bench/odata/',
      { authorization: 'Basic ' + Buffer.from('nobody-here:not-the-password').toString('base64') },
      9,
      401,
    );

    const firstPage = await latency(port, '/bench/odata/Cashflows', feedKey);
    // Export: walk to the last page through nextLinks, plain and as Power Query asks (gzip,
    // deflate); then time that deep page against the first.
    const plainWalk = await exportWalk(port, '/bench/odata/Cashflows', feedKey);
    const gzipWalk = await exportWalk(port, '/bench/odata/Cashflows', { ...feedKey, 'accept-encoding': 'gzip, deflate' });
    const { pages, last: deep } = plainWalk;
    const deepPage = await latency(port, deep, feedKey);
    const offsetPage = await latency(port, `/bench/odata/Cashflows?$skip=${Math.max(0, PROJECTS * 50 - 1000)}&$top=1000`, feedKey);

    const rows = [
      ['GET /health/live (no auth, no database)', live, 1],
      ['GET /me with Bearer key', keyMe, keyMe / live],
      ['GET /me with session cookie', sessionMe, sessionMe / live],
      ['GET /odata/ with Basic FeedKey:key', odataRoot, odataRoot / live],
      ['GET /odata/ with Basic loginId:password (Argon2id)', passwordRoot, passwordRoot / live],
    ] as const;
    process.stdout.write(`\nIPS server bench: ${CONNECTIONS} connections, ${SECONDS} s each, ${PROJECTS * 50} cashflow rows\n\n`);
    process.stdout.write('| scenario | requests/s | ratio to /health/live |\n| --- | ---: | ---: |\n');
    for (const [name, rps, ratio] of rows) process.stdout.write(`| ${name} | ${Math.round(rps)} | ${ratio.toFixed(2)} |\n`);
    process.stdout.write(`\nkey auth / password auth throughput: ${(keyMe / passwordRoot).toFixed(1)}x\n`);
    process.stdout.write(`401 time, unknown user / wrong password (median of 9): ${(unknownUser / wrongPassword).toFixed(2)}\n`);
    process.stdout.write(`\n| OData Cashflows page of 1000 | median ms | ratio to first page |\n| --- | ---: | ---: |\n`);
    process.stdout.write(`| first page | ${firstPage.toFixed(1)} | 1.00 |\n`);
    process.stdout.write(`| last page via $skiptoken (page ${pages}) | ${deepPage.toFixed(1)} | ${(deepPage / firstPage).toFixed(2)} |\n`);
    process.stdout.write(`| last page via $skip (OFFSET) | ${offsetPage.toFixed(1)} | ${(offsetPage / firstPage).toFixed(2)} |\n`);
    const rate = (w: typeof plainWalk) => (w.rows / w.ms) * 1000;
    process.stdout.write(`\n| export of all Cashflows via nextLinks | rows/s | KB sent | ratio of rows/s to plain |\n| --- | ---: | ---: | ---: |\n`);
    process.stdout.write(`| plain | ${Math.round(rate(plainWalk))} | ${Math.round(plainWalk.bytes / 1024)} | 1.00 |\n`);
    process.stdout.write(
      `| Accept-Encoding: gzip, deflate | ${Math.round(rate(gzipWalk))} | ${Math.round(gzipWalk.bytes / 1024)} | ${(rate(gzipWalk) / rate(plainWalk)).toFixed(2)} |\n`,
    );
  } finally {
    server?.kill();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
