// Scale-out measurement (issue 12): key-authenticated OData throughput of two server
// processes behind nginx against one, on MariaDB, measured in one run with autocannon.
// Both figures go through the same nginx (the one-process figure through its port for one
// upstream), so the proxy's cost is in both. The client's CPU share is printed because on a
// small machine the load generator competes with the servers. Shared machine: noisy.
//
//   npm run build && npx ts-node bench/scale-out.ts [--seconds 15] [--connections 32]
import autocannon from 'autocannon';
import { cpus } from 'node:os';
import { basic } from '../test/support/api';
import { startNginx } from '../test/support/nginx';
import { startServer, stopAll } from '../test/support/processes';
import { createMysqlDatabase, provision, SERVER_ENV } from '../test/scale/fixture';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const totalCpu = () => cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
const idleCpu = () => cpus().reduce((sum, c) => sum + c.times.idle, 0);

async function measure(url: string, key: string, seconds: number, connections: number) {
  const cpuBefore = process.cpuUsage();
  const busyBefore = totalCpu();
  const idleBefore = idleCpu();
  const result = await autocannon({
    url: `${url}/acme/odata/Projects?$top=5`,
    headers: { Authorization: basic('FeedKey', key) },
    connections,
    duration: seconds,
  });
  const client = process.cpuUsage(cpuBefore);
  const busy = totalCpu() - busyBefore;
  const idle = idleCpu() - idleBefore;
  const clientMs = (client.user + client.system) / 1000;
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    clientShareOfCpu: clientMs / (busy + idle),
    machineBusy: busy / (busy + idle),
  };
}

async function main(): Promise<void> {
  const seconds = arg('seconds', 15);
  const connections = arg('connections', 32);
  const database = await createMysqlDatabase();
  try {
    const env = { ...SERVER_ENV, DATABASE_URL: database.url, TRUST_PROXY: '127.0.0.1', LOG_LEVEL: 'warn' };
    const servers = [await startServer(env), await startServer(env)];
    const nginx = await startNginx(servers.map((s) => s.port));
    try {
      const { key } = await provision(servers[0].url);
      await measure(nginx.url, key, 3, connections); // warm-up: JIT, caches, pool
      const one = await measure(nginx.urls[0], key, seconds, connections);
      const two = await measure(nginx.url, key, seconds, connections);
      const pct = (x: number) => `${Math.round(x * 100)}%`;
      const line = (name: string, r: typeof one) =>
        `${name.padEnd(32)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p99 ${String(r.p99Ms).padStart(4)} ms  non-2xx ${r.non2xx}  client CPU ${pct(r.clientShareOfCpu)}  machine busy ${pct(r.machineBusy)}`;
      process.stdout.write(
        [
          `OData with Basic FeedKey:key, MariaDB, ${connections} connections, ${seconds} s each, ${cpus().length} cores`,
          line('1 process behind nginx', one),
          line('2 processes behind nginx', two),
          `ratio 2 processes / 1 process: ${(two.requestsPerSecond / one.requestsPerSecond).toFixed(2)}x (one run on a shared machine: noisy)`,
          '',
        ].join('\n'),
      );
    } finally {
      await nginx.stop();
      await stopAll();
    }
  } finally {
    await database.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`scale-out bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
