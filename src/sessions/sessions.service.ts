import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { EntityManager, In, LessThan, Repository } from 'typeorm';
import { ChangeTracker, GenerationCache } from '../core/cache/change-tracker';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { SecretsService } from '../core/crypto/secrets.service';
import { Tenant } from '../tenants/tenant.entity';
import { User, UserType } from '../users/user.entity';
import { Session } from './session.entity';

/** lastSeenAt is written at most this often, so an active session costs no write per request. */
const MAX_TOUCH_INTERVAL_MS = 60_000;

export interface ActiveSession {
  session: Session;
  user: User;
  tenant: Tenant;
}

@Injectable()
export class SessionsService {
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  /**
   * Every cookie request reads its session: cached by the session id (the token's keyed hash,
   * never the token) through the one cache seam. Every end of a session is a write to the
   * session table, which the ChangeTracker watches, so it is seen at once in this process and
   * within the cache's second elsewhere (SPEC 3).
   */
  private readonly byId: GenerationCache<ActiveSession | null>;
  private readonly touchMs: number;

  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly secrets: SecretsService,
    @Inject(APP_CONFIG) config: AppConfig,
    tracker: ChangeTracker,
  ) {
    this.idleMs = config.sessionIdleMinutes * 60_000;
    this.absoluteMs = config.sessionAbsoluteHours * 3_600_000;
    this.byId = new GenerationCache(tracker, 'sessions');
    // A tenth of the idle timeout (at most a minute): the timeout is then exact to 10%.
    this.touchMs = Math.min(MAX_TOUCH_INTERVAL_MS, Math.max(1000, Math.floor(this.idleMs / 10)));
  }

  /** Starts a session and returns the cookie token (a new random id at every sign-in). */
  async start(tenantId: number, userId: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.sessions.insert({
      id: this.secrets.hashSessionToken(token),
      tenantId,
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.absoluteMs),
    });
    // Opportunistic clean-up of sessions that ended on their own.
    void this.sessions.delete({ expiresAt: LessThan(now) }).catch(() => undefined);
    return token;
  }

  /** The live session for a cookie token, with its user and tenant; null when unknown or timed out. */
  async findActive(token: string): Promise<ActiveSession | null> {
    const id = this.idOf(token);
    if (id === null) return null;
    const active = await this.byId.getOrLoad(id, () => this.load(id));
    if (!active) return null;
    const { session } = active;
    // The timeouts are checked on every request, cached or not.
    const now = Date.now();
    // lastSeenAt is only written every touchMs, so the last use may be up to touchMs later
    // than it says: the session is idle only when even that later use is idleMs old. (Comparing
    // lastSeenAt alone ended sessions used every 10 s at 60 s with a one-minute timeout.)
    const idleFor = now - session.lastSeenAt.getTime() - this.touchMs;
    if (now >= session.expiresAt.getTime() || idleFor >= this.idleMs) {
      await this.sessions.delete({ id: session.id });
      return null;
    }
    if (now - session.lastSeenAt.getTime() >= this.touchMs) {
      await this.sessions.update({ id: session.id }, { lastSeenAt: new Date(now) });
    }
    return active;
  }

  /**
   * findActive() when it needs neither a query nor a write: the session is cached, within
   * both timeouts, and touched less than touchMs ago. Undefined otherwise (findActive decides).
   */
  cachedActive(token: string): ActiveSession | undefined {
    const id = this.idOf(token);
    const active = id === null ? undefined : this.byId.cached(id);
    if (!active) return undefined;
    const now = Date.now();
    // Touched less than touchMs ago is also within the idle timeout (touchMs <= idleMs / 10).
    return now < active.session.expiresAt.getTime() && now - active.session.lastSeenAt.getTime() < this.touchMs ? active : undefined;
  }

  /** The session id a cookie token stands for, or null for a token of the wrong shape. */
  private idOf(token: string): string | null {
    return /^[A-Za-z0-9_-]{43}$/.test(token) ? this.secrets.hashSessionToken(token) : null;
  }

  private async load(id: string): Promise<ActiveSession | null> {
    const session = await this.sessions
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.user', 'u')
      .innerJoinAndSelect('s.tenant', 't')
      .where('s.id = :id', { id })
      .getOne();
    if (!session || !session.user || !session.tenant) return null;
    return { session, user: session.user, tenant: session.tenant };
  }

  async end(token: string): Promise<void> {
    await this.sessions.delete({ id: this.secrets.hashSessionToken(token) });
  }

  /** Ends every session of a user (lock, deactivation, password change). */
  async endForUser(userId: number, manager?: EntityManager): Promise<void> {
    await (manager ?? this.sessions.manager).delete(Session, { userId });
  }

  /** Ends the sessions of every account of a type in a tenant (login method disabled). */
  async endForAccountType(tenantId: number, type: UserType, manager?: EntityManager): Promise<void> {
    const m = manager ?? this.sessions.manager;
    const ids = await m
      .createQueryBuilder(Session, 's')
      .innerJoin('s.user', 'u')
      .select('s.id', 'id')
      .where('s.tenantId = :tenantId AND u.type = :type', { tenantId, type })
      .getRawMany<{ id: string }>();
    if (ids.length) await m.delete(Session, { id: In(ids.map((r) => r.id)) });
  }
}
