// The plans of the feed's common queries, captured as the server issues them and explained by
// the database after the seed's ANALYZE (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on MySQL/MariaDB):
// pages follow the primary key with no sort, and the filtered count over a tenant that holds
// the rows is a scan rather than a lookup of every row through the tenant's key prefix. A
// change of query shape or of the statistics' upkeep that loses these plans fails here.
import request from 'supertest';
import { DataSource, Logger } from 'typeorm';
import { refreshPlannerStatistics } from '../../../src/core/persistence/planner-statistics';
import { ProjectsService } from '../../../src/projects/projects.service';
import { loadSampleData } from '../../../src/projects/sample-data.loader';
import { TenantsService } from '../../../src/tenants/tenants.service';
import { basic, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { TEST_DB } from '../../support/test-database';
import { startTestApp, TestApp } from '../../support/test-app';

interface Captured {
  sql: string;
  parameters: unknown[];
}

describe('query plans of the feed', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let captured: Captured[] = [];
  const auth = { Authorization: basic('reader', USER_PASSWORD) };

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
    await createTenant(t, 'other');
    const admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    await createUserWithRoles(admin, 'acme', 'reader', ['Data/Read']);
    const projects = t.app.get(ProjectsService);
    const tenants = t.app.get(TenantsService);
    await loadSampleData(projects, (await tenants.getByName('acme')).id, 1000, { batchSize: 500 });
    await loadSampleData(projects, (await tenants.getByName('other')).id, 2);
    dataSource = t.app.get(DataSource);
    await refreshPlannerStatistics(dataSource, 'bulk-load');
    // Records the statements the server sends, next to the logger that was there.
    const logger = dataSource.logger;
    dataSource.logger = new Proxy(logger, {
      get(target, name: keyof Logger) {
        if (name !== 'logQuery') return target[name];
        return (sql: string, parameters?: unknown[], ...rest: unknown[]) => {
          captured.push({ sql, parameters: parameters ?? [] });
          return (target.logQuery as (...args: unknown[]) => unknown).call(target, sql, parameters, ...rest);
        };
      },
    });
  });
  afterAll(() => t.close());

  /** The SELECTs on `table` the server ran for one request. */
  async function selectsFor(path: string, table: 'cashflow' | 'project'): Promise<{ body: Record<string, unknown>; selects: Captured[] }> {
    captured = [];
    const res = await request(t.url).get(path).set(auth).expect(200);
    const quoted = TEST_DB === 'mysql' ? `\`${table}\`` : `"${table}"`;
    const selects = captured.filter((c) => /^\s*SELECT/i.test(c.sql) && c.sql.includes(`FROM ${quoted}`));
    expect(selects.length).toBeGreaterThan(0);
    return { body: res.body as Record<string, unknown>, selects };
  }

  /** SQLite: the plan's detail lines; MySQL: one line per table with its key and Extra. */
  async function plan(c: Captured): Promise<string[]> {
    if (TEST_DB === 'mysql') {
      const rows = await dataSource.query<{ table: string; type: string; key: string | null; Extra: string | null }[]>(`EXPLAIN ${c.sql}`, c.parameters);
      return rows.map((r) => `${r.table} type=${r.type} key=${r.key} ${r.Extra ?? ''}`);
    }
    const rows = await dataSource.query<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${c.sql}`, c.parameters);
    return rows.map((r) => r.detail);
  }

  function expectKeyOrderedPage(lines: string[]): void {
    const text = lines.join('\n');
    if (TEST_DB === 'mysql') {
      expect(text).toMatch(/key=PRIMARY|key=IDX_project_tenant_id/);
      expect(text).not.toMatch(/filesort|temporary/i);
    } else {
      expect(text).toMatch(/^SEARCH \w+ USING (INDEX \S+|PRIMARY KEY|COVERING INDEX \S+) \(tenantId=\?/m);
      expect(text).not.toMatch(/TEMP B-TREE/);
    }
  }

  it('first page of Cashflows: the primary key gives the tenant and the order', async () => {
    const { selects } = await selectsFor('/acme/odata/Cashflows', 'cashflow');
    for (const s of selects) expectKeyOrderedPage(await plan(s));
  });

  it('a later page by $skiptoken: a range of the primary key, no sort', async () => {
    const { body } = await selectsFor('/acme/odata/Cashflows', 'cashflow');
    const next = new URL(body['@odata.nextLink'] as string);
    const { selects } = await selectsFor(next.pathname + next.search, 'cashflow');
    for (const s of selects) {
      const lines = await plan(s);
      expectKeyOrderedPage(lines);
      // The page starts at its place in the key, not at the tenant's first row (each page of an
      // export would cost more than the one before).
      expect(lines.join('\n')).toMatch(TEST_DB === 'mysql' ? /type=range key=PRIMARY/ : /\(tenantId=\? AND projectId>\?\)/);
    }
  });

  it('a page of Projects: the tenant index, no sort', async () => {
    const { selects } = await selectsFor('/acme/odata/Projects', 'project');
    for (const s of selects) expectKeyOrderedPage(await plan(s));
  });

  it('the filtered count over the tenant holding the rows: a scan, not a lookup of each row by the tenant prefix', async () => {
    const { body, selects } = await selectsFor('/acme/odata/Cashflows?$filter=Year%20ge%202040%20and%20NetCashflow%20gt%200&$count=true', 'cashflow');
    expect(body['@odata.count']).toBeGreaterThan(0);
    const count = selects.find((s) => /COUNT\(\*\)/i.test(s.sql));
    expect(count).toBeDefined();
    const text = (await plan(count!)).join('\n');
    if (TEST_DB === 'mysql') {
      // InnoDB's primary key is the table itself: a range of it is a sequential read.
      expect(text).toMatch(/type=(range|ref|ALL)/);
      expect(text).not.toMatch(/filesort|temporary/i);
    } else {
      expect(text).toMatch(/^SCAN (cashflow|e)\b/m);
    }
  });
});
