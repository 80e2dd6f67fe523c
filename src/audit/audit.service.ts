import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from '../access/actor';
import { AuditEvent } from './audit-event.entity';
import { AuditEventView } from './dto/audit-event-view.dto';

export interface AuditTarget {
  type: 'user' | 'workgroup' | 'settings' | 'tenant' | 'api-key' | 'session';
  id?: string | number | null;
  loginId?: string | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Writes one event; pass the transaction's manager so the event commits with the change. */
  async record(
    tenantId: number | null,
    action: string,
    actor: Actor | null,
    target: AuditTarget,
    details: Record<string, unknown> | null = null,
    manager?: EntityManager,
  ): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    await repository.insert({
      tenantId,
      at: new Date(),
      action,
      actorId: actor?.id ?? null,
      actorLoginId: actor?.loginId ?? null,
      targetType: target.type,
      targetId: target.id === null || target.id === undefined ? null : String(target.id),
      targetLoginId: target.loginId ?? null,
      ip: actor?.ip ?? null,
      // TypeORM's deep-partial typing cannot express a JSON column of unknown shape.
      details: details as never,
    });
  }

  /** Newest first; `before` is an event id for paging. tenantId null: the server-level log. */
  async list(tenantId: number | null, limit: number, before?: number): Promise<AuditEventView[]> {
    const query = this.events.createQueryBuilder('e').orderBy('e.id', 'DESC').take(limit);
    if (tenantId === null) query.where('e.tenantId IS NULL');
    else query.where('e.tenantId = :tenantId', { tenantId });
    if (before !== undefined) query.andWhere('e.id < :before', { before });
    const rows = await query.getMany();
    return rows.map((e) => ({
      id: e.id,
      at: e.at,
      action: e.action,
      actor: e.actorLoginId === null ? null : { id: e.actorId, loginId: e.actorLoginId },
      target: { type: e.targetType, id: e.targetId, ...(e.targetLoginId ? { loginId: e.targetLoginId } : {}) },
      ip: e.ip,
      ...(e.details ? { details: e.details } : {}),
    }));
  }
}
