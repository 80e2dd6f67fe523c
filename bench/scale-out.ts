// Scenario 11, scale-out (issue 12): key-authenticated OData throughput of two server processes
// behind nginx against one, on MySQL/MariaDB. Both figures go through the same nginx (the
// one-process figure through its port for one upstream), so the proxy's cost is in both. On a
// small machine the servers, nginx, the database and the load generator share the cores, so
// each one's share of the CPU over the measured window is recorded: the reader sees what
// saturated. The nginx config is the bench's own (not the scale tests'): a worker per core and
// upstream keepalive pools larger than the client's connections, so nginx itself is not the limit.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWorker, startProcess, Started, stop } from './children';
import { HttpClient } from './http-client';
import { LoadJob, LoadResult } from './load-worker';
import { loadJob, LoadTiming } from './options';
import { childPids, cpuMs, machineCpuMs, pidListeningOn } from './proc';

export interface Nginx {
  /** Balances over every upstream. */
  port: number;
  /** ports[i] reaches upstream i only, through the same nginx. */
  ports: number[];
  pid: number;
  stop(): Promise<void>;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** True when an `nginx` binary runs (`nginx -v`). */
export function nginxInstalled(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('nginx', ['-v'], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

export async function startNginx(upstreamPorts: number[], freePort: () => Promise<number>, workers: number): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'ips-bench-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  const ports = [await freePort()];
  for (const _ of upstreamPorts) ports.push(await freePort());
  const proxy = `proxy_set_header Host $http_host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; proxy_http_version 1.1; proxy_set_header Connection "";`;
  const server = (port: number, upstream: string) => `  server { listen 127.0.0.1:${port}; location / { proxy_pass http://${upstream}; ${proxy} } }`;
  const config = `
user root;
worker_processes ${workers};
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  keepalive_requests 100000;
  upstream ips_all {
${upstreamPorts.map((p) => `    server 127.0.0.1:${p};`).join('\n')}
    keepalive 128;
    keepalive_requests 100000;
  }
${upstreamPorts.map((p, i) => `  upstream ips_${i} { server 127.0.0.1:${p}; keepalive 128; keepalive_requests 100000; }`).join('\n')}
${server(ports[0], 'ips_all')}
${upstreamPorts.map((_, i) => server(ports[i + 1], `ips_${i}`)).join('\n')}
}
`;
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config);
  const child: ChildProcess = spawn('nginx', ['-p', dir, '-c', file, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; !(await portOpen(ports[0])); i++) {
    if (child.exitCode !== null || i > 100) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port: ports[0],
    ports: ports.slice(1),
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ScaleOutSetup {
  env: NodeJS.ProcessEnv;
  main: string;
  databaseUrl: string;
  freePort: () => Promise<number>;
  nginxWorkers: number;
}

/** Two server processes on the bench's database and nginx in front, kept for every round. */
export class ScaleOut {
  private constructor(
    private readonly servers: Started[],
    private readonly nginx: Nginx,
    private readonly databasePid: number | null,
  ) {}

  static async start(setup: ScaleOutSetup): Promise<ScaleOut> {
    const servers: Started[] = [];
    try {
      const ports: number[] = [];
      for (let i = 0; i < 2; i++) {
        const port = await setup.freePort();
        const client = new HttpClient(port);
        servers.push(
          await startProcess([setup.main], { ...setup.env, PORT: String(port) }, async () => (await client.call('GET', '/health/live')).status === 200),
        );
        client.close();
        ports.push(port);
      }
      const nginx = await startNginx(ports, setup.freePort, setup.nginxWorkers);
      const databasePort = Number(new URL(setup.databaseUrl).port || 3306);
      return new ScaleOut(servers, nginx, pidListeningOn(databasePort, ['mariadbd', 'mysqld']));
    } catch (error) {
      for (const s of servers) await stop(s);
      throw error;
    }
  }

  /** One round: 1 process (through nginx) then 2 processes, the same load and path. */
  async measure(path: string, headers: Record<string, string>, options: LoadTiming): Promise<Record<string, number>> {
    const job = (port: number) => loadJob(options, port, path, headers);
    const one = await this.window(job(this.nginx.ports[0]));
    const two = await this.window(job(this.nginx.port));
    const out: Record<string, number> = { ratio: two.rps / one.rps };
    for (const [prefix, w] of [
      ['one', one],
      ['two', two],
    ] as const) {
      for (const [k, v] of Object.entries(w)) out[`${prefix}${k[0].toUpperCase()}${k.slice(1)}`] = v;
    }
    return out;
  }

  /** The load, and every participant's CPU over its measured window (cores: 1.00 = one core busy). */
  private async window(job: LoadJob): Promise<Record<string, number>> {
    const watched = () => ({
      server1: this.servers[0].pid,
      server2: this.servers[1].pid,
      nginx: [this.nginx.pid, ...childPids(this.nginx.pid)],
      database: this.databasePid,
    });
    const read = () => {
      const w = watched();
      const sum = (pids: (number | null)[]) => pids.reduce<number>((a, pid) => a + (pid ? cpuMs(pid) : 0), 0);
      return { server1: sum([w.server1]), server2: sum([w.server2]), nginx: sum(w.nginx), database: sum([w.database]), machine: machineCpuMs() };
    };
    let before = read();
    let after = before;
    let startedAt = 0;
    let endedAt = 0;
    const m = await runWorker<LoadResult>('load-worker.js', job, undefined, {
      onStart: () => {
        before = read();
        startedAt = performance.now();
      },
      onEnd: () => {
        after = read();
        endedAt = performance.now();
      },
    });
    if (m.result.unexpected) throw new Error(`scale-out: ${m.result.unexpected} unexpected answers ${JSON.stringify(m.result.statuses)}`);
    const wall = endedAt - startedAt;
    const cores = (key: 'server1' | 'server2' | 'nginx' | 'database') => (after[key] - before[key]) / wall;
    const machine = (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total);
    const ours = cores('server1') + cores('server2') + cores('nginx') + (this.databasePid ? cores('database') : 0) + m.result.clientCpuMs / wall;
    return {
      rps: m.result.rps,
      p99Ms: m.result.p99,
      server1Cores: cores('server1'),
      server2Cores: cores('server2'),
      nginxCores: cores('nginx'),
      databaseCores: this.databasePid ? cores('database') : NaN,
      clientCores: m.result.clientCpuMs / wall,
      machineBusy: machine,
      machineCores: cpus().length,
      // What else ran meanwhile (other jobs on a shared machine): busy cores minus ours.
      otherCores: Math.max(0, machine * cpus().length - ours),
    };
  }

  async stop(): Promise<void> {
    await this.nginx.stop();
    for (const s of this.servers) await stop(s);
  }
}
