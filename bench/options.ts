// Command-line options of npm run bench (see --help).
import { cpus } from 'node:os';
import type { LoadJob } from './load-worker';

export interface BenchOptions {
  scenarios: Set<number>;
  projects: number;
  seconds: number;
  warmup: number;
  rounds: number;
  connections: number;
  databases: ('sqlite' | 'mysql')[];
  latencyRepeats: number;
  cpuProf: boolean;
  logLevel: string;
  nginxWorkers: number;
  /** The server's entry point (default dist/src/main.js); another build's, to compare two. */
  server: string | null;
}

/** The timing every autocannon job of a run shares. */
export type LoadTiming = Pick<BenchOptions, 'connections' | 'warmup' | 'seconds'>;

/** An autocannon job against `port` with the run's timing, expecting 200 unless `extra` says otherwise. */
export function loadJob(timing: LoadTiming, port: number, path: string, headers: Record<string, string>, extra: Partial<LoadJob> = {}): LoadJob {
  return { kind: 'load', port, path, headers, connections: timing.connections, warmupSeconds: timing.warmup, seconds: timing.seconds, status: 200, ...extra };
}

export const HELP = `npm run bench [-- options]

  --scenarios 0,1,2,...   scenarios to run (default all: 0-11; 11 runs on MySQL only, with nginx installed)
  --projects N            sample projects of 50 cashflows each (default 4000 = 200,000 rows;
                          20000 for the full 1,000,000)
  --seconds S             measured seconds per load scenario and round (default 5)
  --warmup S              unmeasured seconds before each (default 1)
  --rounds N              rounds, scenarios alternating within each (default 3, at least 3)
  --connections N         autocannon connections (default 20)
  --databases LIST        sqlite and/or mysql (default sqlite, plus mysql when DATABASE_URL is a mysql:// URL)
  --repeats N             samples of each single-request latency (default 9)
  --log-level LEVEL       the server's LOG_LEVEL (default info, as in production)
  --cpu-prof              run the server under node --cpu-prof; profiles in bench/results/profiles/
  --nginx-workers N       nginx worker_processes in scenario 11 (default: one per core)
  --server PATH           the server's main.js (default dist/src/main.js), e.g. an earlier build's, to compare
`;

function value(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function integer(args: string[], name: string, fallback: number, min: number): number {
  const raw = value(args, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`--${name} must be an integer of at least ${min}`);
  return Number(raw);
}

export function parseOptions(args: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const scenarios = new Set((value(args, 'scenarios') ?? '0,1,2,3,4,5,6,7,8,9,10,11').split(',').map(Number));
  for (const s of scenarios) if (!Number.isInteger(s) || s < 0 || s > 11) throw new Error('--scenarios takes numbers from 0 to 11');
  const mysqlUrl = env.DATABASE_URL?.startsWith('mysql://');
  const databases = (value(args, 'databases') ?? (mysqlUrl ? 'sqlite,mysql' : 'sqlite')).split(',') as BenchOptions['databases'];
  for (const d of databases) {
    if (d !== 'sqlite' && d !== 'mysql') throw new Error('--databases takes sqlite and mysql');
    if (d === 'mysql' && !mysqlUrl)
      throw new Error('--databases mysql needs DATABASE_URL=mysql://user:pass@host:3306/db (the bench creates and drops its own database there)');
  }
  return {
    scenarios,
    projects: integer(args, 'projects', 4000, 1),
    seconds: integer(args, 'seconds', 5, 1),
    warmup: integer(args, 'warmup', 1, 0),
    rounds: integer(args, 'rounds', 3, 3),
    connections: integer(args, 'connections', 20, 1),
    databases,
    latencyRepeats: integer(args, 'repeats', 9, 1),
    cpuProf: args.includes('--cpu-prof'),
    logLevel: value(args, 'log-level') ?? 'info',
    nginxWorkers: integer(args, 'nginx-workers', cpus().length, 1),
    server: value(args, 'server') ?? null,
  };
}
