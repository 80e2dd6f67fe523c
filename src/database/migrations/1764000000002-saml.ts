import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const cascade = (name: string) => ({
  name,
  columnNames: ['tenantId'],
  referencedTableName: 'tenant',
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
  onUpdate: 'NO ACTION',
});

/** SAML2 sign-on: outstanding AuthnRequest ids and consumed assertion ids, shared by every process. */
export class Saml1764000000002 implements MigrationInterface {
  name = 'Saml1764000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'saml_request',
        columns: [
          { name: 'id', type: 'varchar', length: '128', isPrimary: true },
          { name: 'tenantId', type: 'integer' },
          { name: 'issuedAt', type: 'varchar', length: '64' },
          { name: 'expiresAt', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'IDX_saml_request_expires', columnNames: ['expiresAt'] }],
        foreignKeys: [cascade('FK_saml_request_tenant')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'saml_consumed_assertion',
        columns: [
          { name: 'tenantId', type: 'integer', isPrimary: true },
          { name: 'assertionId', type: 'varchar', length: '255', isPrimary: true },
          { name: 'expiresAt', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'IDX_saml_consumed_assertion_expires', columnNames: ['expiresAt'] }],
        foreignKeys: [cascade('FK_saml_consumed_assertion_tenant')],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('saml_consumed_assertion');
    await queryRunner.dropTable('saml_request');
  }
}
