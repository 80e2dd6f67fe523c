import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed-credential counter per client address, shared by every server process
 * (SPEC 5 "Throttling", SPEC 7). A fixed one-minute window per address.
 */
@Entity('auth_failure')
export class AuthFailure {
  @PrimaryColumn({ type: 'varchar', length: 45 })
  address: string;

  /** Window start, milliseconds since the epoch. */
  @Column({ type: 'bigint' })
  windowStart: string;

  @Column({ type: 'integer' })
  failures: number;
}
