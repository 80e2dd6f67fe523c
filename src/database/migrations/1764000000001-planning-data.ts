import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const money = (name: string): TableColumnOptions => ({ name, type: 'decimal', precision: 18, scale: 2 });
const cascade = (name: string, column: string, table: string) => ({
  name,
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
  onUpdate: 'NO ACTION',
});

/** Projects and their yearly cashflows (SPEC 6); portable like the initial migration. */
export class PlanningData1764000000001 implements MigrationInterface {
  name = 'PlanningData1764000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'project',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'tenantId', type: 'integer' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'region', type: 'varchar', length: '100' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'owner', type: 'varchar', length: '200', isNullable: true },
          { name: 'startDate', type: 'date' },
          money('capex'),
          money('npv'),
          { name: 'updatedAt', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'IDX_project_tenant_id', columnNames: ['tenantId', 'id'], isUnique: true }],
        foreignKeys: [cascade('FK_project_tenant', 'tenantId', 'tenant')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cashflow',
        columns: [
          { name: 'tenantId', type: 'integer', isPrimary: true },
          { name: 'projectId', type: 'integer', isPrimary: true },
          { name: 'year', type: 'integer', isPrimary: true },
          money('revenue'),
          money('opex'),
          money('capex'),
          money('netCashflow'),
        ],
        foreignKeys: [cascade('FK_cashflow_tenant', 'tenantId', 'tenant'), cascade('FK_cashflow_project', 'projectId', 'project')],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('cashflow');
    await queryRunner.dropTable('project');
  }
}
