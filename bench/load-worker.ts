// The load generator, in its own process so that the client's CPU never comes out of the
// server's: `node load-worker.js '<job JSON>'`. It prints one JSON line when the measured
// part starts ({"event":"start"}) and one with the result ({"event":"end",...}), so the
// parent can read the server's CPU time over exactly the measured window.
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { HttpClient } from './http-client';

export interface LoadJob {
  kind: 'load';
  port: number;
  path: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** The status every answer must have; with `floodWrongKeys`, any status is accepted. */
  status: number;
  /** Each request presents another random, well-formed but unknown key (Basic FeedKey:...). */
  floodWrongKeys?: boolean;
}

export interface WalkJob {
  kind: 'walk';
  port: number;
  path: string;
  headers: Record<string, string>;
  /** Repeats of the first and of the last page, timed after the walk. */
  repeats: number;
}

export interface LatencyJob {
  kind: 'latency';
  port: number;
  path: string;
  headers: Record<string, string>;
  repeats: number;
}

export type Job = LoadJob | WalkJob | LatencyJob;

export interface LoadResult {
  requests: number;
  unexpected: number;
  statuses: Record<string, number>;
  rps: number;
  p50: number;
  p99: number;
  seconds: number;
  clientCpuMs: number;
}

export interface WalkResult {
  rows: number;
  pages: number;
  seconds: number;
  rowsPerSecond: number;
  firstPageMs: number;
  lastPageMs: number;
  clientCpuMs: number;
  /** Bytes received over the walk (compressed when asked). */
  wireBytes: number;
}

export interface LatencyResult {
  medianMs: number;
  body: string;
  clientCpuMs: number;
}

const emit = (event: object) => process.stdout.write(JSON.stringify(event) + '\n');
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function wrongKeyHeader(): string {
  const key = 'psk_' + randomBytes(37).toString('base64url').slice(0, 49);
  return 'Basic ' + Buffer.from(`FeedKey:${key}`).toString('base64');
}

function cannon(job: LoadJob, seconds: number): Promise<autocannon.Result> {
  const options: autocannon.Options = {
    url: `http://127.0.0.1:${job.port}${job.path}`,
    method: job.method ?? 'GET',
    headers: job.headers,
    connections: job.connections,
    duration: seconds,
    pipelining: 1,
  };
  if (job.floodWrongKeys) {
    options.requests = [
      {
        setupRequest: (req) => ({ ...req, headers: { ...job.headers, authorization: wrongKeyHeader() } }),
      },
    ];
  }
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)));
  });
}

async function load(job: LoadJob): Promise<LoadResult> {
  if (job.warmupSeconds > 0) await cannon(job, job.warmupSeconds);
  emit({ event: 'start' });
  const since = process.cpuUsage();
  const result = await cannon(job, job.seconds);
  const clientCpuMs = cpuMs(since);
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = (stat as { count: number }).count;
  const expected = statuses[String(job.status)] ?? 0;
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    requests: expected,
    unexpected: job.floodWrongKeys ? 0 : total - expected + result.errors + result.timeouts,
    statuses,
    rps: expected / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds: result.duration,
    clientCpuMs,
  };
}

async function walk(job: WalkJob): Promise<WalkResult> {
  const http = new HttpClient(job.port);
  emit({ event: 'start' });
  const since = process.cpuUsage();
  const started = process.hrtime.bigint();
  let next: string | null = job.path;
  let last = job.path;
  let rows = 0;
  let pages = 0;
  let wireBytes = 0;
  while (next) {
    last = next;
    const reply = await http.expect(200, 'GET', next, job.headers);
    wireBytes += reply.wireBytes;
    const page = JSON.parse(reply.body) as { value: unknown[]; '@odata.nextLink'?: string };
    rows += page.value.length;
    pages++;
    const link = page['@odata.nextLink'];
    next = link ? new URL(link).pathname + new URL(link).search : null;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const timed = async (path: string) => {
    const times: number[] = [];
    for (let i = 0; i < job.repeats; i++) {
      const start = process.hrtime.bigint();
      await http.expect(200, 'GET', path, job.headers);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return medianOf(times);
  };
  const firstPageMs = await timed(job.path);
  const lastPageMs = await timed(last);
  const clientCpuMs = cpuMs(since);
  http.close();
  return { rows, pages, seconds, rowsPerSecond: rows / seconds, firstPageMs, lastPageMs, clientCpuMs, wireBytes };
}

async function latency(job: LatencyJob): Promise<LatencyResult> {
  const http = new HttpClient(job.port);
  await http.expect(200, 'GET', job.path, job.headers);
  emit({ event: 'start' });
  const since = process.cpuUsage();
  const times: number[] = [];
  let body = '';
  for (let i = 0; i < job.repeats; i++) {
    const start = process.hrtime.bigint();
    body = (await http.expect(200, 'GET', job.path, job.headers)).body;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const clientCpuMs = cpuMs(since);
  http.close();
  return { medianMs: medianOf(times), body, clientCpuMs };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as Job;
  const result = job.kind === 'load' ? await load(job) : job.kind === 'walk' ? await walk(job) : await latency(job);
  emit({ event: 'end', result });
}

main().catch((error: Error) => {
  process.stderr.write(`load worker failed: ${error.stack ?? String(error)}\n`);
  process.exit(1);
});
