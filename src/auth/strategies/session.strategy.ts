import { Injectable } from '@nestjs/common';
import { Strategy } from 'passport-strategy';
import { Identity } from '../../access/caller';
import { AuthenticatedRequest, SESSION_COOKIE } from '../../access/request';
import { ActiveSession, SessionsService } from '../../sessions/sessions.service';

/** The website session cookie (server-side sessions in the database). */
@Injectable()
export class SessionStrategy extends Strategy {
  readonly name = 'ips-session';

  constructor(private readonly sessions: SessionsService) {
    super();
  }

  override authenticate(incoming: Parameters<Strategy['authenticate']>[0]): void {
    this.identify(incoming as unknown as AuthenticatedRequest).then(
      (identity) => (identity ? this.success(identity) : this.fail(401)),
      (error: Error) => this.error(error),
    );
  }

  /** The session's user, or null when the cookie names no active session (the guard calls this directly). */
  async identify(req: AuthenticatedRequest): Promise<Identity | null> {
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    const active = await this.sessions.findActive(token);
    return active ? sessionIdentity(active, token) : null;
  }

  /** identify() when the session is cached and needs no write; undefined otherwise. */
  identifyFromCache(req: AuthenticatedRequest): Identity | undefined {
    const token = req.cookies?.[SESSION_COOKIE];
    const active = token ? this.sessions.cachedActive(token) : undefined;
    return active && token ? sessionIdentity(active, token) : undefined;
  }
}

const sessionIdentity = (active: ActiveSession, token: string): Identity => ({
  kind: 'session',
  user: active.user,
  tenant: active.tenant,
  sessionToken: token,
});
