import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as PassportBaseStrategy } from 'passport-strategy';
import { SessionsService } from '../../sessions/sessions.service';
import { Identity } from '../../access/caller';
import { AuthenticatedRequest, SESSION_COOKIE } from '../../access/request';

type Verify = (token: string, done: (error: unknown, user?: Identity | false) => void) => void;

class SessionCookieStrategy extends PassportBaseStrategy {
  name = 'ips-session';

  constructor(private readonly verify: Verify) {
    super();
  }

  // Passport's typings name Express's request; on Fastify the request is Fastify's.
  override authenticate(incoming: Parameters<PassportBaseStrategy['authenticate']>[0]): void {
    const req = incoming as unknown as AuthenticatedRequest;
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return this.fail(401);
    this.verify(token, (error, user) => {
      if (error) return this.error(error as Error);
      if (!user) return this.fail(401);
      this.success(user);
    });
  }
}

/** The website session cookie (server-side sessions in the database). */
@Injectable()
export class SessionStrategy extends PassportStrategy(SessionCookieStrategy, 'ips-session') {
  constructor(private readonly sessions: SessionsService) {
    super();
  }

  async validate(token: string): Promise<Identity | false> {
    const active = await this.sessions.findActive(token);
    return active ? { kind: 'session', user: active.user, tenant: active.tenant, sessionToken: token } : false;
  }
}
