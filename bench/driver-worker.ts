// The physical limit of the feed, measured in the same run: the same rows read straight from
// the database driver (better-sqlite3 or mysql2) in keyset pages of 1000 and serialised to
// JSON in one process, and the filtered COUNT run directly. `node driver-worker.js '<job>'`.
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';

export interface DriverJob {
  kind: 'export' | 'count';
  /** `sqlite:<path>` or a mysql:// URL. */
  database: string;
  tenant: string;
  repeats: number;
  /** For the nextLinks the driver's pages carry, like the server's. */
  origin: string;
}

export interface DriverExportResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface DriverCountResult {
  count: number;
  countMs: number;
  countAndPageMs: number;
}

type Row = { projectId: number; year: number; revenue: string | number; opex: string | number; capex: string | number; netCashflow: string | number };
type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

const COLUMNS = 'projectId, year, revenue, opex, capex, netCashflow';
const FILTER = 'tenantId = ? AND year >= 2040 AND netCashflow > 0';

async function open(url: string): Promise<{ query: Query; close: () => Promise<void> }> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true });
    return {
      query: <T>(sql: string, params: unknown[]) => Promise.resolve(db.prepare(sql).all(...params) as T[]),
      close: () => Promise.resolve(void db.close()),
    };
  }
  const connection = await createConnection({ uri: url, decimalNumbers: false });
  return {
    query: async <T>(sql: string, params: unknown[]) => (await connection.query(sql, params))[0] as T[],
    close: () => connection.end(),
  };
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function exportRows(job: DriverJob, query: Query, tenantId: number): Promise<DriverExportResult> {
  const started = process.hrtime.bigint();
  let rows = 0;
  let after: Row | null = null;
  for (;;) {
    const page: Row[] = after
      ? await query<Row>(
          // `projectId >= ?` lets SQLite start each page at its place in the primary key with bound
          // values (the OR alone made it walk the tenant's rows from the first on every page: 32,000
          // rows/s at 1,000,000 rows against 390,000); TypeORM writes numbers into the server's SQL
          // as literals, from which SQLite derives the same range.
          `SELECT ${COLUMNS} FROM cashflow WHERE tenantId = ? AND projectId >= ? AND (projectId > ? OR year > ?) ORDER BY projectId, year LIMIT 1000`,
          [tenantId, after.projectId, after.projectId, after.year],
        )
      : await query<Row>(`SELECT ${COLUMNS} FROM cashflow WHERE tenantId = ? ORDER BY projectId, year LIMIT 1000`, [tenantId]);
    if (!page.length) break;
    after = page[page.length - 1];
    const json = JSON.stringify({
      '@odata.context': `${job.origin}/${job.tenant}/odata/$metadata#Cashflows`,
      value: page.map((r) => ({
        ProjectId: r.projectId,
        Year: r.year,
        Revenue: Number(r.revenue),
        Opex: Number(r.opex),
        Capex: Number(r.capex),
        NetCashflow: Number(r.netCashflow),
      })),
      '@odata.nextLink': `${job.origin}/${job.tenant}/odata/Cashflows?$skiptoken=${after.projectId}.${after.year}`,
    });
    if (!json.length) throw new Error('empty page');
    rows += page.length;
  }
  const seconds = ms(started) / 1000;
  return { rows, seconds, rowsPerSecond: rows / seconds };
}

async function count(job: DriverJob, query: Query, tenantId: number): Promise<DriverCountResult> {
  const countOnce = async () => Number((await query<{ n: number }>(`SELECT COUNT(*) AS n FROM cashflow WHERE ${FILTER}`, [tenantId]))[0].n);
  const result = await countOnce();
  const countTimes: number[] = [];
  const bothTimes: number[] = [];
  for (let i = 0; i < job.repeats; i++) {
    let start = process.hrtime.bigint();
    await countOnce();
    countTimes.push(ms(start));
    start = process.hrtime.bigint();
    await countOnce();
    await query<Row>(`SELECT ${COLUMNS} FROM cashflow WHERE ${FILTER} ORDER BY projectId, year LIMIT 1000`, [tenantId]);
    bothTimes.push(ms(start));
  }
  return { count: result, countMs: medianOf(countTimes), countAndPageMs: medianOf(bothTimes) };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as DriverJob;
  const db = await open(job.database);
  try {
    const [tenant] = await db.query<{ id: number }>('SELECT id FROM tenant WHERE nameKey = ?', [job.tenant.toLowerCase()]);
    if (!tenant) throw new Error(`tenant ${job.tenant} not found`);
    const result = job.kind === 'export' ? await exportRows(job, db.query, tenant.id) : await count(job, db.query, tenant.id);
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await db.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`driver worker failed: ${error.stack ?? String(error)}\n`);
  process.exit(1);
});
