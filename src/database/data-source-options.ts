// The one DataSource definition (STYLE 4), shared by the app, the tests and ormconfig.ts.
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';
import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig, DatabasePoolConfig } from '../core/config/app-config';
import { ApiKey } from '../api-keys/api-key.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuthFailure } from '../auth/auth-failure.entity';
import { Session } from '../sessions/session.entity';
import { ServerSettings } from '../settings/server-settings.entity';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';
import { Workgroup, WorkgroupMember } from '../workgroups/workgroup.entity';
import { Cashflow, Project } from '../projects/project.entity';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { PlanningData1764000000001 } from './migrations/1764000000001-planning-data';
import { Saml1764000000002 } from './migrations/1764000000002-saml';
import { ServerSecret1764000000003 } from './migrations/1764000000003-server-secret';
import { ServerSecret } from './server-secret.entity';
import { SamlConsumedAssertion, SamlRequest } from '../auth/saml/saml-replay.entity';

export const ENTITIES = [
  Tenant,
  ServerSettings,
  User,
  Workgroup,
  WorkgroupMember,
  Session,
  ApiKey,
  AuditEvent,
  AuthFailure,
  Project,
  Cashflow,
  SamlRequest,
  SamlConsumedAssertion,
  ServerSecret,
];
export const MIGRATIONS = [Initial1764000000000, PlanningData1764000000001, Saml1764000000002, ServerSecret1764000000003];

/**
 * TypeORM reads MariaDB's information_schema differently from MySQL's (column defaults),
 * so the driver type must match the server or the schema builder sees phantom changes.
 */
async function mysqlFlavour(url: string): Promise<'mysql' | 'mariadb'> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return /mariadb/i.test((rows as { version: string }[])[0].version) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

/** Used by the CLI tools (migrations, seed), which wait for the database as long as it takes. */
const PATIENT_POOL: DatabasePoolConfig = { size: 20, connectTimeoutMs: 10_000, acquireTimeoutMs: 0, queryTimeoutMs: 0 };

export async function dataSourceOptions(database: DatabaseConfig, pool: DatabasePoolConfig = PATIENT_POOL): Promise<DataSourceOptions> {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false };
  if (database.type === 'sqlite') {
    // Created here (its folder exists: the configuration checked it) so that it is private from
    // the start; SQLite gives its -wal and -shm files the database file's mode.
    if (database.path !== ':memory:') {
      if (!existsSync(database.path)) closeSync(openSync(database.path, 'a', 0o600));
      chmodSync(database.path, 0o600);
    }
    return {
      ...common,
      type: 'better-sqlite3',
      database: database.path,
      // WAL lets readers proceed during a write; busy_timeout queues writers instead of failing.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
      },
    };
  }
  return {
    ...common,
    type: await mysqlFlavour(database.url),
    url: database.url,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: pool.connectTimeoutMs,
    // mysql2 aborts a query past this (the connection is closed, the request gets 503).
    ...(pool.queryTimeoutMs ? { enableQueryTimeout: true, maxQueryExecutionTime: pool.queryTimeoutMs } : {}),
    extra: { connectionLimit: pool.size },
  };
}
