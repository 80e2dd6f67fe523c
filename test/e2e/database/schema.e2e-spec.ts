// The migrations produce exactly the schema the entities describe, on SQLite and on
// MariaDB/MySQL: TypeORM's schema builder has nothing left to change.
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';

describe('database schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('has every migration applied', async () => {
    const dataSource = t.app.get(DataSource);
    expect(await dataSource.showMigrations()).toBe(false);
    expect(dataSource.migrations.length).toBeGreaterThan(0);
  });

  it('matches the entities: the schema builder reports no pending queries', async () => {
    const dataSource = t.app.get(DataSource);
    const log = await dataSource.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });
});
