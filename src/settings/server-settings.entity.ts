import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../core/persistence/columns';

/** The single row of server-wide (IPS) settings; id is always 1. */
@Entity('server_settings')
export class ServerSettings {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'simple-json' })
  allowedApiKeyNames: string[];

  /** null: keys never expire. */
  @Column({ type: 'double', nullable: true })
  apiKeyLifetimeDays: number | null;

  /** Argon2id hash of the IPS Administrator's password. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  adminPasswordHash: string | null;

  @TimestampColumn()
  updatedAt: Date;
}
