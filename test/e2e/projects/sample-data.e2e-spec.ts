// The data generator behind `npm run seed` (issue 4): batched, resumable, idempotent.
import { DataSource } from 'typeorm';
import { ProjectsService } from '../../../src/projects/projects.service';
import { loadSampleData, LoadProgress } from '../../../src/projects/sample-data.loader';
import { sampleProject } from '../../../src/projects/sample-data';
import { TenantsService } from '../../../src/tenants/tenants.service';
import { createTenant } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

describe('sample data generator', () => {
  let t: TestApp;
  let tenantId: number;
  const COUNT_SQL = {
    project: 'SELECT COUNT(*) AS n FROM project WHERE tenantId = ?',
    cashflow: 'SELECT COUNT(*) AS n FROM cashflow WHERE tenantId = ?',
  };
  const count = async (table: keyof typeof COUNT_SQL) => Number((await t.app.get(DataSource).query(COUNT_SQL[table], [tenantId]))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
    tenantId = (await t.app.get(TenantsService).getByName('acme')).id;
  });
  afterAll(() => t.close());

  it('loads projects with 50 yearly cashflows each, in batches, reporting progress', async () => {
    const progress: LoadProgress[] = [];
    const result = await loadSampleData(t.app.get(ProjectsService), tenantId, 30, { batchSize: 7, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ created: 30, existing: 0 });
    expect(await count('project')).toBe(30);
    expect(await count('cashflow')).toBe(1500);
    expect(progress.map((p) => p.projects)).toEqual([7, 14, 21, 28, 30]);
    expect(progress[progress.length - 1]).toEqual({ projects: 30, total: 30, loaded: 30, cashflows: 1500 });
  });

  it('does nothing when run again with the same count', async () => {
    expect(await loadSampleData(t.app.get(ProjectsService), tenantId, 30)).toEqual({ created: 0, existing: 30 });
    expect(await count('project')).toBe(30);
  });

  it('continues where it stopped, with the same values a single run would give', async () => {
    expect(await loadSampleData(t.app.get(ProjectsService), tenantId, 45, { batchSize: 10 })).toEqual({ created: 15, existing: 30 });
    expect(await count('cashflow')).toBe(45 * 50);
    const rows = await t.app.get(ProjectsService).list(tenantId, 100, 0);
    const expected = sampleProject(45).project;
    expect(rows.find((r) => r.name === expected.name)).toMatchObject({ ...expected });
  });
});
