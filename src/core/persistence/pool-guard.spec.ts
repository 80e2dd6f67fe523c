import { createPool, Pool, PoolConnection } from 'mysql2';
import { guardPoolAcquire } from './pool-guard';
import { ACQUIRE_TIMEOUT_CODE } from './database-unavailable';

type Callback = (error: unknown, connection?: FakeConnection) => void;

/** A connection as mysql2's pool hands it out: `_command` is what it is running now. */
class FakeConnection {
  _command: object | null = null;
  released = 0;
  destroyed = 0;
  release(): void {
    this.released++;
  }
  destroy(): void {
    this.destroyed++;
  }
}

function fakePool(answer: (callback: Callback) => void) {
  return { getConnection: answer };
}

const acquire = (pool: { getConnection(callback: Callback): void }) =>
  new Promise<FakeConnection>((resolve, reject) =>
    pool.getConnection((error, connection) => (error ? reject(error instanceof Error ? error : new Error('not an Error')) : resolve(connection!))),
  );

describe('guardPoolAcquire', () => {
  it('gives an idle connection back to the pool, and destroys one released while its query still runs (a timed-out query)', async () => {
    const connection = new FakeConnection();
    const pool = fakePool((callback) => process.nextTick(() => callback(null, connection)));
    guardPoolAcquire(pool, 1000);

    (await acquire(pool)).release();
    expect([connection.released, connection.destroyed]).toEqual([1, 0]);

    const stalled = await acquire(pool);
    stalled._command = {}; // mysql2 still waits for the stalled query's answer
    stalled.release();
    expect([connection.released, connection.destroyed]).toEqual([1, 1]);
  });

  it('fails the wait for a connection after the timeout, and gives a late one straight back', async () => {
    const connection = new FakeConnection();
    let hand: (() => void) | undefined;
    const pool = fakePool((callback) => (hand = () => callback(null, connection)));
    guardPoolAcquire(pool, 50);
    await expect(acquire(pool)).rejects.toMatchObject({ code: ACQUIRE_TIMEOUT_CODE });
    hand!();
    expect(connection.released).toBe(1);
  });
});

// Against the real driver: mysql2's query timeout leaves the connection waiting for the
// stalled answer; the guard must not hand that connection to the next query.
if (process.env.TEST_DB === 'mysql') {
  describe('guardPoolAcquire on MariaDB/MySQL', () => {
    let pool: Pool;
    beforeAll(() => {
      pool = createPool({ uri: process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306', connectionLimit: 1 });
      guardPoolAcquire(pool, 2000);
    });
    afterAll(() => new Promise<void>((resolve) => pool.end(() => resolve())));

    const connection = () => new Promise<PoolConnection>((resolve, reject) => pool.getConnection((error, c) => (error ? reject(error) : resolve(c))));
    const query = <T>(c: PoolConnection, sql: string, timeout?: number) =>
      new Promise<T>((resolve, reject) => c.query({ sql, timeout }, (error, rows) => (error ? reject(error) : resolve(rows as T))));
    const threadOf = async (c: PoolConnection) => (await query<{ id: number }[]>(c, 'SELECT CONNECTION_ID() AS id'))[0].id;

    it('after a query timeout the next query gets a fresh connection at once, not the stalled one', async () => {
      const first = await connection();
      const stalledThread = await threadOf(first);
      await expect(query(first, 'SELECT SLEEP(3)', 300)).rejects.toMatchObject({ code: 'PROTOCOL_SEQUENCE_TIMEOUT' });
      first.release();

      const started = Date.now();
      const next = await connection();
      const thread = await threadOf(next);
      next.release();
      expect(thread).not.toBe(stalledThread);
      expect(Date.now() - started).toBeLessThan(2000); // the stalled one would answer after the 3 s sleep
      // The destroyed connection waits for the server to end the sleep: end it now.
      const killer = await connection();
      await query(killer, `KILL ${Number(stalledThread)}`);
      killer.release();
    });

    it('keeps a connection whose queries finished (the pool is not emptied by ordinary use)', async () => {
      const a = await connection();
      const thread = await threadOf(a);
      a.release();
      const b = await connection();
      expect(await threadOf(b)).toBe(thread);
      b.release();
    });
  });
}
