import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TimestampColumn } from '../core/persistence/columns';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';

/** One row per user. Holds only the keyed hash of the key and its hint, never the key. */
@Entity('api_key')
export class ApiKey {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  tenantId: number;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId', foreignKeyConstraintName: 'FK_api_key_tenant' })
  tenant?: Tenant;

  @Index('UQ_api_key_user', { unique: true })
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'FK_api_key_user' })
  user?: User;

  /** HMAC-SHA-256 (hex) of the key under the key-hashing subkey of IPS_SECRET. */
  @Index('UQ_api_key_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  @Column({ type: 'varchar', length: 16 })
  hint: string;

  @TimestampColumn()
  createdAt: Date;

  @TimestampColumn({ nullable: true })
  expiresAt: Date | null;

  @TimestampColumn({ nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  lastUsedIp: string | null;
}
