import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Who did it. */
export class AuditEventActor {
  /** The user's id; null for the IPS Administrator. */
  @ApiProperty({ type: 'integer', minimum: 1, nullable: true, example: 1 })
  id: number | null;

  /** @example Administrator */
  loginId: string;
}

/** What it was done to. */
export class AuditEventTarget {
  /**
   * user, workgroup, settings, tenant, api-key or session.
   *
   * @example user
   */
  type: string;

  /**
   * The target's id as a string (a tenant's name for tenants); null when there is none.
   *
   * @example "7"
   */
  id: string | null;

  /**
   * The user's loginId, for user targets.
   *
   * @example analyst
   */
  loginId?: string;
}

export class AuditEventView {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1234 })
  id: number;

  /**
   * When it happened.
   *
   * @example "2026-01-31T09:30:00.000Z"
   */
  at: Date;

  /**
   * What happened, e.g. user.created, api-key.created, settings.updated.
   *
   * @example user.created
   */
  action: string;

  /** null where no user acted (e.g. at start-up). */
  actor: AuditEventActor | null;

  target: AuditEventTarget;

  /**
   * The client address of the request that did it.
   *
   * @example "203.0.113.7"
   */
  ip: string | null;

  /** Action-specific details, e.g. the changed fields. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  details?: Record<string, unknown>;
}
