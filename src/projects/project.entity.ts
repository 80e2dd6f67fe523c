import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, ValueTransformer } from 'typeorm';
import { TimestampColumn } from '../core/persistence/columns';
import { Tenant } from '../tenants/tenant.entity';

export const PROJECT_STATUSES = ['Proposed', 'Approved', 'Producing', 'Abandoned'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** DECIMAL columns come back as strings from MySQL; the API speaks JSON numbers (SPEC 6). */
const decimalNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

const money = { type: 'decimal' as const, precision: 18, scale: 2, transformer: decimalNumber };

@Entity('project')
@Index('IDX_project_tenant_id', ['tenantId', 'id'], { unique: true })
export class Project {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  tenantId: number;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId', foreignKeyConstraintName: 'FK_project_tenant' })
  tenant?: Tenant;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  region: string;

  @Column({ type: 'varchar', length: 16 })
  status: ProjectStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  owner: string | null;

  @Column({ type: 'date' })
  startDate: string;

  @Column(money)
  capex: number;

  @Column(money)
  npv: number;

  @TimestampColumn()
  updatedAt: Date;
}

/** One row per project and year; the key (tenantId, projectId, year) serves keyset paging. */
@Entity('cashflow')
export class Cashflow {
  @PrimaryColumn({ type: 'integer' })
  tenantId: number;

  @PrimaryColumn({ type: 'integer' })
  projectId: number;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId', foreignKeyConstraintName: 'FK_cashflow_tenant' })
  tenant?: Tenant;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'projectId', foreignKeyConstraintName: 'FK_cashflow_project' })
  project?: Project;

  @Column(money)
  revenue: number;

  @Column(money)
  opex: number;

  @Column(money)
  capex: number;

  @Column(money)
  netCashflow: number;
}
