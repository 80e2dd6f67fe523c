// Written with queryRunner.createTable so that the one migration runs on SQLite and
// MySQL/MariaDB alike; index, unique and foreign-key names match the entities'.
import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

// 'integer': SQLite only auto-increments an INTEGER PRIMARY KEY; MySQL reads it as int.
const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const bool = (name: string, value: boolean): TableColumnOptions => ({ name, type: 'boolean', default: value ? 1 : 0 });
const timestamp = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
const cascade = (name: string, column: string, table: string) => ({
  name,
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
  onUpdate: 'NO ACTION',
});

/**
 * The lower-cased *Key columns carry uniqueness "case-insensitively": the code lower-cases,
 * so the database must compare bytes exactly. MySQL's default collations would also fold
 * accents (josé = jose) and ignore trailing spaces; SQLite compares bytes already.
 */
function exactCollation(queryRunner: QueryRunner): string | undefined {
  const type = queryRunner.connection.driver.options.type;
  if (type === 'mariadb') return 'utf8mb4_nopad_bin';
  if (type === 'mysql') return 'utf8mb4_0900_bin';
  return undefined;
}

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const collation = exactCollation(queryRunner);
    const key = (name: string, length: number): TableColumnOptions => ({ ...varchar(name, length), ...(collation ? { collation, charset: 'utf8mb4' } : {}) });
    await queryRunner.createTable(
      new Table({
        name: 'tenant',
        columns: [
          id,
          varchar('name', 63),
          key('nameKey', 63),
          timestamp('createdAt'),
          bool('previewWebFeatures', false),
          bool('apiAccessEnabled', true),
          bool('loginLocal', true),
          bool('loginSaml2', false),
          text('saml', true),
        ],
        indices: [{ name: 'UQ_tenant_name_key', columnNames: ['nameKey'], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'server_settings',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          text('allowedApiKeyNames'),
          { name: 'apiKeyLifetimeDays', type: 'double', isNullable: true },
          varchar('adminPasswordHash', 255, true),
          timestamp('updatedAt'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          int('tenantId'),
          varchar('loginId', 255),
          key('loginIdKey', 255),
          varchar('type', 8),
          varchar('displayName', 255),
          varchar('passwordHash', 255, true),
          bool('mustChangePassword', false),
          bool('locked', false),
          bool('deactivated', false),
          bool('apiAccess', true),
          timestamp('createdAt'),
          timestamp('updatedAt'),
        ],
        indices: [{ name: 'UQ_users_tenant_login_key', columnNames: ['tenantId', 'loginIdKey'], isUnique: true }],
        foreignKeys: [cascade('FK_users_tenant', 'tenantId', 'tenant')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'workgroup',
        columns: [id, int('tenantId'), varchar('name', 100), key('nameKey', 100), varchar('builtIn', 32, true), text('roles'), timestamp('createdAt')],
        indices: [{ name: 'UQ_workgroup_tenant_name_key', columnNames: ['tenantId', 'nameKey'], isUnique: true }],
        foreignKeys: [cascade('FK_workgroup_tenant', 'tenantId', 'tenant')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'workgroup_member',
        columns: [
          { name: 'workgroupId', type: 'integer', isPrimary: true },
          { name: 'userId', type: 'integer', isPrimary: true },
        ],
        indices: [{ name: 'IDX_workgroup_member_user', columnNames: ['userId'] }],
        foreignKeys: [cascade('FK_workgroup_member_workgroup', 'workgroupId', 'workgroup'), cascade('FK_workgroup_member_user', 'userId', 'users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'session',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          int('tenantId'),
          int('userId'),
          timestamp('createdAt'),
          timestamp('lastSeenAt'),
          timestamp('expiresAt'),
        ],
        indices: [{ name: 'IDX_session_user', columnNames: ['userId'] }],
        foreignKeys: [cascade('FK_session_tenant', 'tenantId', 'tenant'), cascade('FK_session_user', 'userId', 'users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_key',
        columns: [
          id,
          int('tenantId'),
          int('userId'),
          varchar('keyHash', 64),
          varchar('hint', 16),
          timestamp('createdAt'),
          timestamp('expiresAt', true),
          timestamp('lastUsedAt', true),
          varchar('lastUsedIp', 45, true),
        ],
        indices: [
          { name: 'UQ_api_key_user', columnNames: ['userId'], isUnique: true },
          { name: 'UQ_api_key_hash', columnNames: ['keyHash'], isUnique: true },
        ],
        foreignKeys: [cascade('FK_api_key_tenant', 'tenantId', 'tenant'), cascade('FK_api_key_user', 'userId', 'users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_event',
        columns: [
          id,
          int('tenantId', true),
          timestamp('at'),
          varchar('action', 64),
          int('actorId', true),
          varchar('actorLoginId', 255, true),
          varchar('targetType', 32),
          varchar('targetId', 100, true),
          varchar('targetLoginId', 255, true),
          varchar('ip', 45, true),
          text('details', true),
        ],
        indices: [{ name: 'IDX_audit_event_tenant_id', columnNames: ['tenantId', 'id'] }],
        foreignKeys: [cascade('FK_audit_event_tenant', 'tenantId', 'tenant')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'auth_failure',
        columns: [{ name: 'address', type: 'varchar', length: '45', isPrimary: true }, { name: 'windowStart', type: 'bigint' }, int('failures')],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['auth_failure', 'audit_event', 'api_key', 'session', 'workgroup_member', 'workgroup', 'users', 'server_settings', 'tenant']) {
      await queryRunner.dropTable(table);
    }
  }
}
