// Debian's HAProxy as the TCP proxy in front of a Galera cluster: its own config in a
// temporary folder, one loopback port, started in the foreground and stopped by stop().
// Health checks every 500 ms take a dead node out; a connection attempt that fails on a node
// not yet marked down is redispatched to another one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDaemon } from './processes';

export interface HaProxy {
  port: number;
  stop(): Promise<void>;
}

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
  const daemon = await startDaemon('haproxy', ['-db', '-f', file], port, dir, 'SIGKILL');
  return { port, stop: () => daemon.stop() };
}
