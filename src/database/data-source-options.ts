// The one DataSource definition (STYLE 4), shared by the app, the tests and ormconfig.ts.
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import * as mysql2 from 'mysql2';
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

interface MysqlServer {
  /**
   * TypeORM reads MariaDB's information_schema differently from MySQL's (column defaults),
   * so the driver type must match the server or the schema builder sees phantom changes.
   */
  type: 'mysql' | 'mariadb';
  /** A Galera node that lets a read miss a write just committed through another node. */
  galeraWithoutSyncWait: boolean;
}

async function inspectMysqlServer(url: string): Promise<MysqlServer> {
  const connection = await createConnection(url);
  try {
    const [versions] = await connection.query('SELECT VERSION() AS version');
    // SHOW VARIABLES, not @@wsrep_on: Oracle MySQL has no such variable and would refuse the SELECT.
    const [variables] = await connection.query("SHOW GLOBAL VARIABLES WHERE Variable_name IN ('wsrep_on', 'wsrep_sync_wait')");
    const value = new Map((variables as { Variable_name: string; Value: string }[]).map((v) => [v.Variable_name, v.Value]));
    return {
      type: /mariadb/i.test((versions as { version: string }[])[0].version) ? 'mariadb' : 'mysql',
      galeraWithoutSyncWait: value.get('wsrep_on') === 'ON' && value.get('wsrep_sync_wait') === '0',
    };
  } finally {
    await connection.end();
  }
}

/**
 * Galera certifies a commit on every node at once but applies it on the others a moment
 * later, so without wsrep_sync_wait a request that lands on another node (a balancer's
 * choice, a failover) can miss the row the previous request just created: a 404 for a project
 * that exists. 7 makes reads, UPDATE/DELETE and INSERT/REPLACE on this session wait until the
 * node has applied everything committed before they started. Set on each new pooled
 * connection before its first query (mysql2 runs a connection's commands in order); an
 * operator's own non-zero global setting is left as it is.
 */
const GALERA_SYNC_WAIT = 7;

function mysqlWithSyncWait(): typeof mysql2 {
  return {
    ...mysql2,
    createPool(options: mysql2.PoolOptions) {
      const pool = mysql2.createPool(options);
      // Only a broken connection can fail this (the variable was seen to exist); it is then
      // dropped rather than used without the wait.
      pool.on('connection', (connection) => connection.query('SET SESSION wsrep_sync_wait = ?', [GALERA_SYNC_WAIT], (error) => error && connection.destroy()));
      return pool;
    },
  } as typeof mysql2;
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
  const server = await inspectMysqlServer(database.url);
  return {
    ...common,
    type: server.type,
    ...(server.galeraWithoutSyncWait ? { driver: mysqlWithSyncWait() } : {}),
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
