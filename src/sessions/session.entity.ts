import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../core/persistence/columns';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';

/**
 * A website session. The id is an HMAC of the cookie's random token (session subkey),
 * so a copy of the table cannot be replayed as cookies. Stored in the database so that
 * any server process can serve it and every process sees it end.
 */
@Entity('session')
@Index('IDX_session_user', ['userId'])
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'integer' })
  tenantId: number;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId', foreignKeyConstraintName: 'FK_session_tenant' })
  tenant?: Tenant;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'FK_session_user' })
  user?: User;

  @TimestampColumn()
  createdAt: Date;

  @TimestampColumn()
  lastSeenAt: Date;

  /** Absolute end, whatever the activity. */
  @TimestampColumn()
  expiresAt: Date;
}
