// The checkpoint worker against a real SQLite file: a writer whose own automatic checkpoints
// are off (as if the threshold were never reached) leaves its commits in the log; only the
// worker's checkpoints can have put them into the database file. What the file holds is read
// from a copy of it without the log.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalCheckpointer, WalCheckpointerOptions } from './wal-checkpointer';

describe('WalCheckpointer', () => {
  let dir: string;
  let path: string;
  let writer: Database.Database;
  const events: string[] = [];
  const options = (intervalMs: number): WalCheckpointerOptions => ({
    path,
    intervalMs,
    onFailure: (message) => events.push(`failure: ${message}`),
    onRecovery: () => events.push('recovery'),
    onExit: (reason) => events.push(`exit: ${reason}`),
  });

  /** The rows the database file itself holds, without what is only in the log. */
  const rowsInDatabaseFile = (): number => {
    const copy = join(dir, 'copy.db');
    rmSync(copy, { force: true });
    copyFileSync(path, copy);
    const reader = new Database(copy, { readonly: true });
    try {
      return (reader.prepare('SELECT count(*) AS n FROM item').get() as { n: number } | undefined)?.n ?? 0;
    } catch {
      return 0; // the table itself is still only in the log
    } finally {
      reader.close();
    }
  };

  const write = (rows: number) => {
    const insert = writer.prepare('INSERT INTO item (body) VALUES (?)');
    writer.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run('x'.repeat(200));
    })();
  };

  beforeEach(() => {
    events.length = 0;
    dir = mkdtempSync(join(tmpdir(), 'ips-wal-'));
    path = join(dir, 'ips.db');
    writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, body TEXT)');
  });

  afterEach(() => {
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file on request', async () => {
    const checkpointer = await WalCheckpointer.start(options(60_000));
    write(500);
    expect(rowsInDatabaseFile()).toBe(0);
    const result = await checkpointer.checkpointNow();
    expect(result.logPages).toBeGreaterThan(10);
    expect(result.checkpointedPages).toBe(result.logPages);
    expect(rowsInDatabaseFile()).toBe(500);
    await checkpointer.stop();
    expect(events).toEqual([]);
  });

  it('checkpoints on its own, every interval, while the writer goes on', async () => {
    const checkpointer = await WalCheckpointer.start(options(20));
    for (let round = 1; round <= 3; round++) {
      write(100);
      for (let waited = 0; rowsInDatabaseFile() < 100 * round && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      expect(rowsInDatabaseFile()).toBe(100 * round);
    }
    await checkpointer.stop();
  });

  it('does a last checkpoint when it stops, and answers no request after', async () => {
    const checkpointer = await WalCheckpointer.start(options(60_000));
    write(50);
    await checkpointer.stop();
    expect(rowsInDatabaseFile()).toBe(50);
    await expect(checkpointer.checkpointNow()).rejects.toThrow('stopped');
    await checkpointer.stop(); // twice is harmless
    expect(events).toEqual([]);
  });

  it('tells of a worker that ended without stop() once, and answers no request after', async () => {
    const checkpointer = await WalCheckpointer.start(options(60_000));
    await checkpointer['worker'].terminate();
    expect(events).toEqual(['exit: the worker exited with code 1']);
    await expect(checkpointer.checkpointNow()).rejects.toThrow('stopped');
    await checkpointer.stop(); // nothing left to stop
    expect(events).toHaveLength(1);
  });

  it('does not start without the database file (it never creates one)', async () => {
    await expect(WalCheckpointer.start({ ...options(100), path: join(dir, 'missing.db') })).rejects.toThrow(
      /did not start: .*(directory does not exist|unable to open)/,
    );
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
  });
});
