import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TimestampColumn } from '../core/persistence/columns';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';
import type { RoleName, RoleSetting } from '../roles/role-catalogue';

export type BuiltInWorkgroup = 'Administrators' | 'Everyone' | 'SecurityAdministrators';

@Entity('workgroup')
@Index('UQ_workgroup_tenant_name_key', ['tenantId', 'nameKey'], { unique: true })
export class Workgroup {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  tenantId: number;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId', foreignKeyConstraintName: 'FK_workgroup_tenant' })
  tenant?: Tenant;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  nameKey: string;

  /** Marks the default workgroups, whose special rules live in the roles service. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  builtIn: BuiltInWorkgroup | null;

  @Column({ type: 'simple-json' })
  roles: Partial<Record<RoleName, RoleSetting>>;

  @TimestampColumn()
  createdAt: Date;
}

@Entity('workgroup_member')
@Index('IDX_workgroup_member_user', ['userId'])
export class WorkgroupMember {
  @PrimaryColumn({ type: 'integer' })
  workgroupId: number;

  @PrimaryColumn({ type: 'integer' })
  userId: number;

  @ManyToOne(() => Workgroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workgroupId', foreignKeyConstraintName: 'FK_workgroup_member_workgroup' })
  workgroup?: Workgroup;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'FK_workgroup_member_user' })
  user?: User;
}
