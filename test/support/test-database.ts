// Each e2e test file gets its own database: a temporary SQLite file, or (TEST_DB=mysql) a
// fresh MariaDB/MySQL database that is dropped afterwards. Nothing depends on leftovers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

export type TestDbKind = 'sqlite' | 'mysql';

export const TEST_DB: TestDbKind = process.env.TEST_DB === 'mysql' ? 'mysql' : 'sqlite';
const MYSQL_SERVER = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TestDatabase {
  kind: TestDbKind;
  /** DATABASE_URL for the app. */
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ips-test-'));
  if (TEST_DB === 'sqlite') {
    return {
      kind: 'sqlite',
      url: `sqlite:${join(dataDir, 'test.sqlite')}`,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `ips_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection(MYSQL_SERVER);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  return {
    kind: 'mysql',
    url: `${MYSQL_SERVER}/${name}`,
    dataDir,
    drop: async () => {
      const connection = await createConnection(MYSQL_SERVER);
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
