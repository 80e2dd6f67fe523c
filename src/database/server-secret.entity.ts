import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../core/persistence/columns';

/** The single row (id 1) holding the verifier of the IPS_SECRET this database belongs to. */
@Entity('server_secret')
export class ServerSecret {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  /** HMAC-SHA-256 hex of a constant under an HKDF subkey of IPS_SECRET (src/core/crypto/secret-verifier.ts). */
  @Column({ type: 'varchar', length: 64 })
  verifier: string;

  @TimestampColumn()
  createdAt: Date;
}
