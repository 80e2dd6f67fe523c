import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TimestampColumn } from '../core/persistence/columns';
import { Tenant } from '../tenants/tenant.entity';

/** Who did what to whom, when and from where. tenantId null: the server-level log. */
@Entity('audit_event')
@Index('IDX_audit_event_tenant_id', ['tenantId', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer', nullable: true })
  tenantId: number | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'tenantId', foreignKeyConstraintName: 'FK_audit_event_tenant' })
  tenant?: Tenant;

  @TimestampColumn()
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  actorLoginId: string | null;

  @Column({ type: 'varchar', length: 32 })
  targetType: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  targetId: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  targetLoginId: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: 'simple-json', nullable: true })
  details: Record<string, unknown> | null;
}
