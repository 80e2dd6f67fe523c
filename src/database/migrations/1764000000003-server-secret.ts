import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The verifier of IPS_SECRET, written at the first start after this migration. */
export class ServerSecret1764000000003 implements MigrationInterface {
  name = 'ServerSecret1764000000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'server_secret',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'verifier', type: 'varchar', length: '64' },
          { name: 'createdAt', type: 'datetime', precision: 3 },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('server_secret');
  }
}
