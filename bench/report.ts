// The printed tables: per database, every scenario with its median over the rounds, the spread,
// who spent the CPU, and the ratios the targets are stated in; then the targets themselves.
import { summarise } from './stats';

export interface ScenarioRecord {
  id: number;
  name: string;
  /** One entry per round, in round order. */
  rounds: Record<string, number>[];
}

export interface DatabaseReport {
  database: string;
  rows: number;
  scenarios: ScenarioRecord[];
}

interface Result {
  date: string;
  seconds: number;
  /** The share of the machine's CPU time the host took over the whole run (NaN off Linux). */
  stealShare?: number;
  machine: { cpu: string; cores: number; memoryGiB: number; kernel: string; node: string };
  options: { connections: number; seconds: number; warmup: number; rounds: number; projects: number; logLevel: string };
  databases: DatabaseReport[];
}

const LABEL: Record<string, string> = { sqlite: 'SQLite', mysql: 'MySQL/MariaDB' };

/** Per-round values of a metric (rounds line up: scenarios alternate within each round). */
function series(db: DatabaseReport, id: number, metric: string): number[] | null {
  const s = db.scenarios.find((x) => x.id === id);
  return s ? s.rounds.map((r) => r[metric]) : null;
}

/** The median over rounds of a per-round ratio a/b (robust to drift between rounds). */
function ratio(a: number[] | null, b: number[] | null): number | null {
  if (!a || !b) return null;
  const n = Math.min(a.length, b.length);
  return summarise(Array.from({ length: n }, (_, i) => a[i] / b[i])).median;
}

const med = (values: number[] | null) => (values ? summarise(values).median : null);
const fixed = (v: number | null, digits = 2) => (v === null || !Number.isFinite(v) ? '–' : v.toFixed(digits));
const whole = (v: number | null) => (v === null ? '–' : Math.round(v).toLocaleString('en-US'));
const pct = (v: number) => `±${Math.round(v * 100)}%`;

function ratiosOf(db: DatabaseReport, id: number): string {
  const rps = (n: number) => series(db, n, 'rps');
  const r = (a: number, b: number, label: string) => `${label} ${fixed(ratio(rps(a), rps(b)))}`;
  switch (id) {
    case 1:
      return r(1, 0, 'R0/Rraw');
    case 2:
      return `${r(2, 1, 'R1/R0')}, ${r(2, 0, 'R1/Rraw')}`;
    case 3:
      return r(3, 1, 'R2/R0');
    case 4:
      return `${r(4, 1, '/R0')}; keys ${fixed(ratio(rps(3), rps(4)), 0)}x faster`;
    case 5:
      return r(5, 1, '/R0');
    case 6:
      return `${r(6, 3, 'of scenario 3')}; p99 ${fixed(med(series(db, 6, 'p99Ms')), 0)} vs ${fixed(med(series(db, 3, 'p99Ms')), 0)} ms; flood ${whole(med(series(db, 6, 'floodRps')))}/s (${whole(med(series(db, 6, 'flood429')))} × 429)`;
    case 9:
      return r(9, 1, '/R0');
    default:
      return '';
  }
}

function databaseTable(db: DatabaseReport): string {
  const lines = [
    `\n${LABEL[db.database] ?? db.database}, ${db.rows.toLocaleString('en-US')} cashflow rows`,
    '',
    '| # | scenario | req/s (median) | spread | p99 ms | server µs CPU/req | server cores | client cores | ratios |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const s of db.scenarios) {
    if ([7, 8, 10, 11].includes(s.id)) continue;
    const rps = summarise(s.rounds.map((r) => r.rps));
    const m = (k: string) => med(series(db, s.id, k));
    lines.push(
      `| ${s.id} | ${s.name} | ${whole(rps.median)} | ${pct(rps.spread)} | ${fixed(m('p99Ms'), 0)} | ${whole(m('serverCpuUsPerRequest'))} | ${fixed(m('serverCores'))} | ${fixed(m('clientCores'))} | ${ratiosOf(db, s.id)} |`,
    );
  }
  const exp = db.scenarios.find((s) => s.id === 7);
  if (exp) {
    const m = (k: string) => med(series(db, 7, k));
    const rows = summarise(exp.rounds.map((r) => r.rowsPerSecond));
    lines.push(
      '',
      `Scenario 7, ${exp.name}: ${whole(rows.median)} rows/s (${pct(rows.spread)}) against the driver's ${whole(m('driverRowsPerSecond'))} rows/s = ` +
        `${fixed(ratio(series(db, 7, 'rowsPerSecond'), series(db, 7, 'driverRowsPerSecond')))}; ${whole(m('pages'))} pages; first page ${fixed(m('firstPageMs'), 1)} ms, ` +
        `last page ${fixed(m('lastPageMs'), 1)} ms (last/first ${fixed(ratio(series(db, 7, 'lastPageMs'), series(db, 7, 'firstPageMs')))}); ` +
        `peak RSS ${whole(m('peakRssMb'))} MB; server ${fixed(m('serverCores'))} cores, client ${fixed(m('clientCores'))} cores; ` +
        `with Accept-Encoding gzip, deflate ${whole(m('gzipRowsPerSecond'))} rows/s = ${fixed(ratio(series(db, 7, 'gzipRowsPerSecond'), series(db, 7, 'rowsPerSecond')))} ` +
        `of plain, ${fixed(m('gzipMb'), 1)} MB on the wire against ${fixed(m('plainMb'), 1)} MB`,
    );
  }
  const count = db.scenarios.find((s) => s.id === 8);
  if (count) {
    const m = (k: string) => med(series(db, 8, k));
    lines.push(
      `Scenario 8, ${count.name}, ${whole(m('count'))} rows match: the feed ${fixed(m('feedMs'), 1)} ms against the driver's COUNT + first page ` +
        `${fixed(m('driverCountAndPageMs'), 1)} ms = ${fixed(ratio(series(db, 8, 'feedMs'), series(db, 8, 'driverCountAndPageMs')))}x; ` +
        `/$count ${fixed(m('feedCountOnlyMs'), 1)} ms against COUNT ${fixed(m('driverCountMs'), 1)} ms = ${fixed(ratio(series(db, 8, 'feedCountOnlyMs'), series(db, 8, 'driverCountMs')))}x`,
    );
  }
  const stall = db.scenarios.find((s) => s.id === 10);
  if (stall) {
    const m = (k: string) => med(series(db, 10, k));
    const worst = (k: string) => Math.max(...(series(db, 10, k) ?? [NaN]));
    lines.push(
      `Scenario 10, ${stall.name}: the server's longest event-loop delay ${fixed(m('serverMaxDelayMs'), 1)} ms (median of ${stall.rounds.length} rounds; worst ${fixed(worst('serverMaxDelayMs'), 1)}; ` +
        `delay p99 ${fixed(m('serverP99DelayMs'), 1)} ms) against a normal request's ${fixed(m('normalRequestMs'), 2)} ms = stall ratio ${fixed(m('stallRatio'), 1)} ` +
        `(worst round ${fixed(worst('stallRatio'), 1)}); longest stretch of the loop's own work ${fixed(m('longestBlockCpuMs'), 1)} ms of CPU ` +
        `(${fixed(m('longestBlockWallMs'), 1)} ms of wall time; / normal request ${fixed(m('blockCpuRatio'), 1)}, what the load of the machine does not inflate); longest GC pause ${fixed(m('longestGcMs'), 1)} ms (longest major ${fixed(m('longestMajorGcMs'), 1)} ms, ${fixed(m('majorGcs'), 0)} major; GC ${fixed(m('gcMsPerSecond'), 0)} ms a second); /health/live probe p50 ${fixed(m('probeP50Ms'), 1)}, p99 ${fixed(m('probeP99Ms'), 1)}, worst ${fixed(m('worstProbeMs'), 1)} ms ` +
        `(idle ${fixed(m('idleProbeMs'), 2)} ms; worst probe / normal ${fixed(m('probeRatio'), 1)}, which includes queueing behind whole requests); ` +
        `${whole(m('rps'))} bodies/s; server ${fixed(m('serverCores'))} cores, client ${fixed(m('clientCores'))} cores; ` +
        `the host took ${percent(m('stealShare'))} of the CPUs' time (steal; worst round ${percent(worst('stealShare'))}), which the delay counts as the server's; ` +
        `floor: the bare node:http server's longest delay under the same clients and bodies ${fixed(m('floorMaxDelayMs'), 1)} ms ` +
        `(${whole(m('floorRps'))} bodies/s, ${fixed(m('floorServerCores'))} cores) = ${fixed(m('floorRatio'), 1)} x the normal request, the least this machine allowed; the server's delay / the floor's ${fixed(m('delayOverFloor'), 1)}`,
    );
  }
  const scale = db.scenarios.find((s) => s.id === 11);
  if (scale) {
    const m = (k: string) => med(series(db, 11, k));
    const who = (p: 'one' | 'two') =>
      `servers ${fixed(m(`${p}Server1Cores`))} + ${fixed(m(`${p}Server2Cores`))}, nginx ${fixed(m(`${p}NginxCores`))}, database ${fixed(m(`${p}DatabaseCores`))}, ` +
      `client ${fixed(m(`${p}ClientCores`))} cores; machine ${Math.round((m(`${p}MachineBusy`) ?? 0) * 100)}% busy of ${whole(m(`${p}MachineCores`))} cores, ` +
      `other processes ${fixed(m(`${p}OtherCores`))} cores`;
    lines.push(
      `Scenario 11, ${scale.name}: 1 process ${whole(m('oneRps'))} req/s (p99 ${fixed(m('oneP99Ms'), 0)} ms; ${who('one')}); ` +
        `2 processes ${whole(m('twoRps'))} req/s (p99 ${fixed(m('twoP99Ms'), 0)} ms; ${who('two')}); ratio ${fixed(m('ratio'))} (rounds ${(series(db, 11, 'ratio') ?? []).map((v) => fixed(v)).join(', ')})`,
    );
  }
  return lines.join('\n') + '\n';
}

interface Target {
  name: string;
  value: (db: DatabaseReport) => number | null;
  met: (v: number) => boolean;
}

const rpsRatio = (a: number, b: number) => (db: DatabaseReport) => ratio(series(db, a, 'rps'), series(db, b, 'rps'));
const TARGETS: Target[] = [
  { name: 'R1/R0 >= 0.8 (Bearer GET /me / health)', value: rpsRatio(2, 1), met: (v) => v >= 0.8 },
  { name: 'R2/R0 >= 0.8 (OData FeedKey / health)', value: rpsRatio(3, 1), met: (v) => v >= 0.8 },
  { name: 'R1/Rraw >= 0.4', value: rpsRatio(2, 0), met: (v) => v >= 0.4 },
  { name: 'R0/Rraw (framework overhead; no target, about 0.5 before)', value: rpsRatio(1, 0), met: () => true },
  { name: 'session cookie / R0 >= 0.7', value: rpsRatio(5, 1), met: (v) => v >= 0.7 },
  { name: 'under a flood, valid client >= 0.8 of scenario 3', value: rpsRatio(6, 3), met: (v) => v >= 0.8 },
  {
    name: "export >= 0.5 of the driver's rows/s",
    value: (db) => ratio(series(db, 7, 'rowsPerSecond'), series(db, 7, 'driverRowsPerSecond')),
    met: (v) => v >= 0.5,
  },
  { name: 'export last/first page latency <= 1.5', value: (db) => ratio(series(db, 7, 'lastPageMs'), series(db, 7, 'firstPageMs')), met: (v) => v <= 1.5 },
  {
    name: 'gzip export >= 0.8 of the plain rows/s',
    value: (db) => ratio(series(db, 7, 'gzipRowsPerSecond'), series(db, 7, 'rowsPerSecond')),
    met: (v) => v >= 0.8,
  },
  { name: 'export peak RSS < 300 MB', value: (db) => med(series(db, 7, 'peakRssMb')), met: (v) => v < 300 },
  {
    name: "filtered count <= 1.2x the driver's (with first page)",
    value: (db) => ratio(series(db, 8, 'feedMs'), series(db, 8, 'driverCountAndPageMs')),
    met: (v) => v <= 1.2,
  },
  { name: 'filtered /$count <= 1.2x COUNT', value: (db) => ratio(series(db, 8, 'feedCountOnlyMs'), series(db, 8, 'driverCountMs')), met: (v) => v <= 1.2 },
  {
    name: "event-loop stall < 10 (server's longest loop delay / normal request, median of rounds)",
    value: (db) => med(series(db, 10, 'stallRatio')),
    met: (v) => v < 10,
  },
  {
    name: "the loop's longest stretch of own work (main-thread CPU) / normal request (same target, load-independent)",
    value: (db) => med(series(db, 10, 'blockCpuRatio')),
    met: (v) => v < 10,
  },
  {
    name: "the floor: a bare node:http server's longest delay under the same load / normal request (no target; the least this machine allows)",
    value: (db) => med(series(db, 10, 'floorRatio')),
    met: () => true,
  },
  { name: "the server's longest delay / the bare server's (no target)", value: (db) => med(series(db, 10, 'delayOverFloor')), met: () => true },
  { name: 'worst /health/live probe / normal request (no target; includes queueing)', value: (db) => med(series(db, 10, 'probeRatio')), met: () => true },
  { name: 'scale-out: 2 processes / 1 >= 1.6 (MySQL, nginx)', value: (db) => med(series(db, 11, 'ratio')), met: (v) => v >= 1.6 },
];

function targetsTable(dbs: DatabaseReport[]): string {
  const lines = [
    '\nTargets',
    '',
    `| target | ${dbs.map((d) => LABEL[d.database] ?? d.database).join(' | ')} |`,
    `| --- | ${dbs.map(() => '---:').join(' | ')} |`,
  ];
  for (const t of TARGETS) {
    const cells = dbs.map((db) => {
      const v = t.value(db);
      return v === null || !Number.isFinite(v) ? '–' : `${fixed(v)} ${t.met(v) ? 'met' : 'MISSED'}`;
    });
    lines.push(`| ${t.name} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** A share as a percentage, or "n/a" where it was not measured. */
const percent = (share: number | null | undefined) =>
  share === null || share === undefined || !Number.isFinite(share) ? 'n/a' : `${(share * 100).toFixed(1)} %`;

export function printReport(result: Result): string {
  const { machine: m, options: o } = result;
  const head =
    `\nIPS server bench, ${result.date}: ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}\n` +
    `autocannon in separate processes, ${o.connections} connections, ${o.warmup} s warm-up + ${o.seconds} s measured, ${o.rounds} rounds ` +
    `(rotating order), medians; spread = half the range over the median; server LOG_LEVEL=${o.logLevel}; ${result.seconds} s in all\n` +
    `server/client cores: CPU time over wall time of the measured window (1.00 = one core busy; the server's JS runs on one); ` +
    `the host took ${percent(result.stealShare)} of this machine's CPU time during the run (steal: time our virtual CPUs waited for a real one)\n`;
  return head + result.databases.map(databaseTable).join('') + targetsTable(result.databases);
}
