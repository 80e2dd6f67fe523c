// Rows that make SAML sign-on one-shot across every server process (SPEC 5: the ACS is
// protected by InResponseTo). Both live in the database, so a response issued for a
// request made through one process cannot be replayed through another.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../../core/persistence/columns';
import { Tenant } from '../../tenants/tenant.entity';

/** An AuthnRequest ID we sent and have not yet seen answered. Claimed (deleted) by the one response that uses it. */
@Entity('saml_request')
@Index('IDX_saml_request_expires', ['expiresAt'])
export class SamlRequest {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id: string;

  @Column({ type: 'integer' })
  tenantId: number;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId', foreignKeyConstraintName: 'FK_saml_request_tenant' })
  tenant?: Tenant;

  /** node-saml's value for the id: the request's IssueInstant. */
  @Column({ type: 'varchar', length: 64 })
  issuedAt: string;

  @TimestampColumn()
  expiresAt: Date;
}

/**
 * An assertion ID already turned into a session. The primary key refuses a second use
 * even if the request-id check were bypassed (better-auth's replay rule).
 */
@Entity('saml_consumed_assertion')
@Index('IDX_saml_consumed_assertion_expires', ['expiresAt'])
export class SamlConsumedAssertion {
  @PrimaryColumn({ type: 'integer' })
  tenantId: number;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  assertionId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId', foreignKeyConstraintName: 'FK_saml_consumed_assertion_tenant' })
  tenant?: Tenant;

  /** Kept until the assertion could no longer be accepted anyway. */
  @TimestampColumn()
  expiresAt: Date;
}
