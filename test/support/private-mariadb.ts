// A private mariadbd for fault tests: its own data directory (mariadb-install-db), a spare
// loopback port and a socket in a temporary folder, so killing or stopping it never touches
// the shared server on 3306. Every process it starts is stopped by stop().
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { freePort } from './processes';

export interface PrivateMariaDb {
  port: number;
  /** mysql://root@127.0.0.1:<port> (no database) */
  serverUrl: string;
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL, resolved once the process is gone; the data directory and port stay for restart(). */
  kill(): Promise<void>;
  /** Starts mariadbd again on the same data directory and port (after a SIGKILL). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForServer(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}`);
    try {
      const connection = await createConnection({ uri: url, connectTimeout: 1000 });
      await connection.end();
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error('mariadbd did not answer in time');
}

export async function startPrivateMariaDb(extraArgs: string[] = []): Promise<PrivateMariaDb> {
  const dir = mkdtempSync(join(tmpdir(), 'ips-mariadb-'));
  const dataDir = join(dir, 'data');
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${dataDir}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'], {
    stdio: 'ignore',
  });
  const port = await freePort();
  const serverUrl = `mysql://root@127.0.0.1:${port}`;
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--socket=${join(dir, 'mysqld.sock')}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    '--user=root',
    '--skip-name-resolve',
    '--skip-log-bin',
    '--innodb-buffer-pool-size=64M',
    `--log-error=${join(dir, 'error.log')}`,
    ...extraArgs,
  ];
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('mariadbd', args, { stdio: 'ignore' });
    await waitForServer(serverUrl, child);
  };
  await launch();
  return {
    port,
    serverUrl,
    signal: (signal) => {
      child.kill(signal);
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    },
    restart: launch,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
