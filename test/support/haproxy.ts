// Debian's HAProxy as the TCP proxy in front of a Galera cluster: its own config in a
// temporary folder, one loopback port, started in the foreground and stopped by stop().
// Health checks every 500 ms take a dead node out; a connection attempt that fails on a node
// not yet marked down is redispatched to another one.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes';

export interface HaProxy {
  port: number;
  stop(): Promise<void>;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

export async function startHaProxy(backendPorts: number[]): Promise<HaProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'ips-haproxy-'));
  const port = await freePort();
  const config = `
global
  maxconn 1000
defaults
  mode tcp
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  retries 2
  option redispatch
frontend mysql
  bind 127.0.0.1:${port}
  default_backend galera
backend galera
  balance leastconn
  default-server check inter 500 fall 2 rise 2 on-marked-down shutdown-sessions
${backendPorts.map((p, i) => `  server node${i + 1} 127.0.0.1:${p}`).join('\n')}
`;
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const child: ChildProcess = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100 && !(await portOpen(port)); i++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
