import { ApiPropertyOptional } from '@nestjs/swagger';

/** Who did it. */
export class AuditEventActor {
  /** The user's id; null for the IPS Administrator. */
  id: number | null;

  loginId: string;
}

/** What it was done to. */
export class AuditEventTarget {
  /** user, workgroup, settings, tenant, api-key or session. */
  type: string;

  /** The target's id as a string (a tenant's name for tenants); null when there is none. */
  id: string | null;

  /** The user's loginId, for user targets. */
  loginId?: string;
}

export class AuditEventView {
  id: number;

  /** When it happened. */
  at: Date;

  /** What happened, e.g. user.created, api-key.created, settings.updated. */
  action: string;

  /** null where no user acted (e.g. at start-up). */
  actor: AuditEventActor | null;

  target: AuditEventTarget;

  /** The client address of the request that did it. */
  ip: string | null;

  /** Action-specific details, e.g. the changed fields. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  details?: Record<string, unknown>;
}
