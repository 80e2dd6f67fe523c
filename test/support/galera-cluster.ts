// A three-node MariaDB Galera cluster (Debian's galera-4) on loopback ports, for the cluster
// scale test. Each node has its own data directory, ports (SQL, group communication, IST, SST)
// and socket in one temporary folder. Node 1 bootstraps a new cluster on a fresh data
// directory; nodes 2 and 3 join one after the other and get their state by rsync SST.
//
// The nodes run as the `mysql` user, not root: the joiner's rsync SST starts an rsync daemon,
// and an rsync daemon started by root drops to `nobody`, which may not write the joiner's
// data directory ("recv_generator: mkdir ... failed: Permission denied", rsync code 23). Run
// as mysql, the daemon stays mysql and owns the folder. Every process is stopped by stop().
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { freePort } from './processes';

export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';

export interface GaleraNode {
  name: string;
  port: number;
  /** mysql://root@127.0.0.1:<port> (no database) */
  serverUrl: string;
  child: ChildProcess;
}

export interface GaleraCluster {
  nodes: GaleraNode[];
  /** SIGKILL of one node, resolved once it is gone. */
  kill(node: GaleraNode): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function status(url: string, variable: string): Promise<string | null> {
  try {
    const connection = await createConnection({ uri: url, connectTimeout: 1000 });
    try {
      const [rows] = await connection.query('SHOW STATUS LIKE ?', [variable]);
      return (rows as { Value: string }[])[0]?.Value ?? null;
    } finally {
      await connection.end();
    }
  } catch {
    return null;
  }
}

/** Until the node says Synced (it has the cluster's whole state and takes writes). */
async function waitSynced(node: GaleraNode, errorLog: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.child.exitCode !== null) throw new Error(`${node.name} exited with ${node.child.exitCode}; see ${errorLog}`);
    if ((await status(node.serverUrl, 'wsrep_local_state_comment')) === 'Synced') return;
    await sleep(300);
  }
  throw new Error(`${node.name} did not reach Synced in time; see ${errorLog}`);
}

export async function startGaleraCluster(size = 3): Promise<GaleraCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'ips-galera-'));
  // mkdtemp makes it 0700 for root; the nodes run as mysql.
  chmodSync(dir, 0o755);
  const ports: { sql: number; group: number; ist: number; sst: number }[] = [];
  for (let i = 0; i < size; i++) ports.push({ sql: await freePort(), group: await freePort(), ist: await freePort(), sst: await freePort() });
  const clusterAddress = `gcomm://${ports.map((p) => `127.0.0.1:${p.group}`).join(',')}`;
  const nodes: GaleraNode[] = [];

  const start = async (i: number) => {
    const name = `node${i + 1}`;
    const dataDir = join(dir, name);
    const p = ports[i];
    if (i === 0) {
      execFileSync(
        'mariadb-install-db',
        ['--no-defaults', `--datadir=${dataDir}`, '--user=mysql', '--auth-root-authentication-method=normal', '--skip-test-db'],
        {
          stdio: 'ignore',
        },
      );
    } else {
      mkdirSync(dataDir, { mode: 0o700 });
    }
    execFileSync('chown', ['-R', 'mysql:mysql', dir]);
    const errorLog = join(dir, `${name}.err`);
    const args = [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--socket=${join(dir, `${name}.sock`)}`,
      `--pid-file=${join(dir, `${name}.pid`)}`,
      `--port=${p.sql}`,
      '--bind-address=127.0.0.1',
      '--user=mysql',
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=64M',
      `--log-error=${errorLog}`,
      '--wsrep-on=ON',
      `--wsrep-provider=${GALERA_PROVIDER}`,
      `--wsrep-cluster-address=${clusterAddress}`,
      '--wsrep-cluster-name=ips-test',
      `--wsrep-node-name=${name}`,
      `--wsrep-node-address=127.0.0.1:${p.group}`,
      `--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${p.group};ist.recv_addr=127.0.0.1:${p.ist};gcache.size=64M`,
      `--wsrep-sst-receive-address=127.0.0.1:${p.sst}`,
      '--wsrep-sst-method=rsync',
      '--binlog-format=ROW',
      '--innodb-autoinc-lock-mode=2',
      '--default-storage-engine=InnoDB',
      ...(i === 0 ? ['--wsrep-new-cluster'] : []),
    ];
    const node: GaleraNode = { name, port: p.sql, serverUrl: `mysql://root@127.0.0.1:${p.sql}`, child: spawn('mariadbd', args, { stdio: 'ignore' }) };
    nodes.push(node);
    await waitSynced(node, errorLog);
  };

  const kill = async (node: GaleraNode) => {
    if (node.child.exitCode !== null || node.child.signalCode !== null) return;
    node.child.kill('SIGKILL');
    await new Promise((r) => node.child.once('exit', r));
  };
  const stop = async () => {
    await Promise.all(nodes.map(kill));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // One joiner at a time: the donor of an rsync SST blocks its writes while it copies.
    for (let i = 0; i < size; i++) await start(i);
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, kill, stop };
}

/** wsrep_cluster_size as one node sees it (null when it does not answer). */
export async function clusterSize(node: GaleraNode): Promise<number | null> {
  const value = await status(node.serverUrl, 'wsrep_cluster_size');
  return value === null ? null : Number(value);
}
