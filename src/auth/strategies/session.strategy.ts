import { Injectable } from '@nestjs/common';
import { Strategy } from 'passport-strategy';
import { AuthenticatedRequest, SESSION_COOKIE } from '../../access/request';
import { SessionsService } from '../../sessions/sessions.service';

/** The website session cookie (server-side sessions in the database). */
@Injectable()
export class SessionStrategy extends Strategy {
  readonly name = 'ips-session';

  constructor(private readonly sessions: SessionsService) {
    super();
  }

  override authenticate(incoming: Parameters<Strategy['authenticate']>[0]): void {
    const token = (incoming as unknown as AuthenticatedRequest).cookies?.[SESSION_COOKIE];
    if (!token) return this.fail(401);
    this.sessions.findActive(token).then(
      (active) => (active ? this.success({ kind: 'session', user: active.user, tenant: active.tenant, sessionToken: token }) : this.fail(401)),
      (error: Error) => this.error(error),
    );
  }
}
