// A transaction that loses a real InnoDB deadlock (what a Galera certification failure is
// reported as) is run again instead of failing: two transactions lock two rows in opposite
// orders on MariaDB; both end up committed, one of them after a retry.
import { DataSource } from 'typeorm';
import { retryDeadlockedTransactions } from '../../src/core/persistence/deadlock-retry';
import { createMysqlDatabase } from './fixture';

describe('transactions that lose a deadlock', () => {
  let database: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createMysqlDatabase();
    dataSource = await new DataSource({ type: 'mariadb', url: database.url }).initialize();
    await dataSource.query('CREATE TABLE counter (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB');
    await dataSource.query('INSERT INTO counter VALUES (1, 0), (2, 0)');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function crossedTransactions(): Promise<{ results: PromiseSettledResult<unknown>[]; attempts: number }> {
    let attempts = 0;
    let firstLocks = 0;
    let bothLocked!: () => void;
    const barrier = new Promise<void>((r) => (bothLocked = r));
    const run = (first: number, second: number) =>
      dataSource.transaction(async (manager) => {
        attempts++;
        const retry = attempts > 2;
        await manager.query('UPDATE counter SET v = v + 1 WHERE id = ?', [first]);
        if (!retry && ++firstLocks === 2) bothLocked();
        if (!retry) await barrier;
        await manager.query('UPDATE counter SET v = v + 1 WHERE id = ?', [second]);
      });
    const results = await Promise.allSettled([run(1, 2), run(2, 1)]);
    return { results, attempts };
  }

  it('fails one of them without the retry (the test can tell)', async () => {
    const { results } = await crossedTransactions();
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(String((rejected[0].reason as { driverError?: { code?: string } }).driverError?.code)).toBe('ER_LOCK_DEADLOCK');
  });

  it('commits both with the retry, the loser after running again', async () => {
    await dataSource.query('UPDATE counter SET v = 0');
    retryDeadlockedTransactions(dataSource.manager);
    const { results, attempts } = await crossedTransactions();
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(attempts).toBe(3);
    const rows = await dataSource.query<{ id: number; v: number }[]>('SELECT id, v FROM counter ORDER BY id');
    expect(rows.map((r) => Number(r.v))).toEqual([2, 2]);
  });
});
