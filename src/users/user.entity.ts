import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BooleanColumn, TimestampColumn } from '../core/persistence/columns';
import { Tenant } from '../tenants/tenant.entity';

export type UserType = 'Local' | 'SAML2';

@Entity('users')
@Index('UQ_users_tenant_login_key', ['tenantId', 'loginIdKey'], { unique: true })
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  tenantId: number;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId', foreignKeyConstraintName: 'FK_users_tenant' })
  tenant?: Tenant;

  @Column({ type: 'varchar', length: 255 })
  loginId: string;

  /** Lower-cased loginId: loginIds (and SAML NameIDs) match case-insensitively. */
  @Column({ type: 'varchar', length: 255 })
  loginIdKey: string;

  @Column({ type: 'varchar', length: 8 })
  type: UserType;

  @Column({ type: 'varchar', length: 255 })
  displayName: string;

  /** Argon2id; null for SAML2 accounts. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  /** Set when the server generated the password: it must be changed at first sign-in. */
  @BooleanColumn(false)
  mustChangePassword: boolean;

  @BooleanColumn(false)
  locked: boolean;

  @BooleanColumn(false)
  deactivated: boolean;

  @BooleanColumn(true)
  apiAccess: boolean;

  @TimestampColumn()
  createdAt: Date;

  @TimestampColumn()
  updatedAt: Date;
}
