import http from 'node:http';
// SPEC 2 "SIGTERM finishes in-flight requests and exits 0": a large OData page is being
// computed when the process gets SIGTERM; the page completes, the client sees no error and
// the process exits with status 0 (not by the signal).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { basic } from '../support/api';
import { ServerProcess, startServer, stopAll } from '../support/processes';
import { createMysqlDatabase, provision, Provisioned, SERVER_ENV, sleep } from './fixture';

describe('SIGTERM during a large OData export', () => {
  let database: { url: string; drop(): Promise<void> };
  let env: Record<string, string>;
  let p: Provisioned;

  beforeAll(async () => {
    database = await createMysqlDatabase();
    env = { ...SERVER_ENV, DATABASE_URL: database.url, SHUTDOWN_GRACE_MS: '60000' };
    const first = await startServer(env);
    p = await provision(first.url, 'acme', 0);
    // 600 projects x 50 years = 30,000 cashflow rows, loaded by the seed command.
    execFileSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'cli', 'seed.js'), '--tenant', 'acme', '--projects', '600'], {
      env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    first.child.kill('SIGKILL');
    await first.exited;
  });
  afterAll(async () => {
    await stopAll();
    await database?.drop();
  });

  async function exportPageDuringSigterm(server: ServerProcess, signal: NodeJS.Signals) {
    // An OFFSET page of 5000 rows: slow enough to be still running when the signal comes.
    let sent!: () => void;
    const onTheWire = new Promise<void>((resolve) => (sent = resolve));
    const pending = new Promise<{ status: number; headers: { get(name: string): string | null }; json(): Promise<unknown> }>((resolve, reject) => {
      const req = http.get(
        `${server.url}/acme/odata/Cashflows?$skip=20000`,
        { headers: { Authorization: basic('FeedKey', p.key), Prefer: 'odata.maxpagesize=5000' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: { get: (name: string) => (res.headers[name.toLowerCase()] as string | undefined) ?? null },
              json: async () => JSON.parse(text) as unknown,
            }),
          );
        },
      );
      req.on('error', reject);
      // The signal must find the request in flight: sent in full, then a moment for the server to read it.
      req.on('finish', sent);
    });
    await onTheWire;
    await sleep(30);
    server.child.kill(signal);
    const res = await pending;
    const body = (await res.json()) as { value: unknown[]; '@odata.nextLink'?: string };
    const requestId = res.headers.get('x-request-id')!;
    const exit = await server.exited;
    const out = server.output();
    return { res, body, exit, out, requestId };
  }

  it.each(['SIGTERM', 'SIGINT'] as const)('completes the in-flight page on %s, then exits 0', async (signal) => {
    const server = await startServer(env);
    const { res, body, exit, out, requestId } = await exportPageDuringSigterm(server, signal);
    expect(res.status).toBe(200);
    expect(body.value).toHaveLength(5000);
    expect(body['@odata.nextLink']).toContain('$skiptoken=');
    expect(exit).toEqual({ code: 0, signal: null });
    // The page was still in flight when the signal arrived: its log line comes after.
    const signalAt = out.indexOf(`${signal} received`);
    const pageLoggedAt = out.indexOf(requestId);
    expect(signalAt).toBeGreaterThanOrEqual(0);
    expect(pageLoggedAt).toBeGreaterThan(signalAt);
    expect(out).toContain('Shut down cleanly');
  });
});
