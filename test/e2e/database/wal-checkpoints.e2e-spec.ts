// SQLite's checkpoints run on a worker thread (src/core/persistence/wal-checkpointer.ts): what a
// request commits reaches the database file within moments, long before the log holds the
// 1,000 pages at which the server's own connection would checkpoint on the event loop. What
// the file holds is read from a copy of it without its log. MySQL has no such log to copy.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { WalCheckpoints } from '../../../src/database/wal-checkpoints.provider';
import { createTenant } from '../../support/api';
import { TEST_DB } from '../../support/test-database';
import { startTestApp, TestApp } from '../../support/test-app';

function tenantsInDatabaseFile(t: TestApp): string[] {
  const file = t.db.url.slice('sqlite:'.length);
  const copy = join(t.db.dataDir, 'copy-without-log.sqlite');
  copyFileSync(file, copy);
  const reader = new Database(copy, { readonly: true });
  try {
    return (reader.prepare('SELECT name FROM tenant ORDER BY name').all() as { name: string }[]).map((row) => row.name);
  } catch {
    return []; // the table is still only in the log
  } finally {
    reader.close();
  }
}

// One file for both databases, each its own cases (none skipped in either run).
const sqliteCases = () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('puts a committed write into the database file within moments, below the automatic threshold', async () => {
    await createTenant(t, 'checkpointed');
    for (let waited = 0; !tenantsInDatabaseFile(t).includes('checkpointed') && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(tenantsInDatabaseFile(t)).toContain('checkpointed');
    const result = await t.app.get(WalCheckpoints).checkpointNow();
    expect(result).not.toBeNull();
    expect(result?.logPages).toBeLessThan(1000);
    expect(result?.checkpointedPages).toBe(result?.logPages);
  });

  it('stops with the server, which leaves the file complete and no log behind', async () => {
    await createTenant(t, 'last-write');
    const file = t.db.url.slice('sqlite:'.length);
    await t.app.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reader = new Database(file, { readonly: true });
    expect((reader.prepare('SELECT name FROM tenant ORDER BY name').all() as { name: string }[]).map((row) => row.name)).toEqual(
      expect.arrayContaining(['checkpointed', 'last-write']),
    );
    reader.close();
  });
};

const mysqlCases = () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('starts no checkpoint worker (InnoDB keeps its own log)', () => {
    expect(t.app.get(WalCheckpoints).checkpointNow()).toBeNull();
  });
};

describe(`${TEST_DB} checkpoints`, TEST_DB === 'sqlite' ? sqliteCases : mysqlCases);
