import { Injectable } from '@nestjs/common';
import { badRequest, forbidden } from '../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { SessionsService } from '../sessions/sessions.service';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';
import { checkPasswordLength, UsersService } from '../users/users.service';
import { WorkgroupsService } from '../workgroups/workgroups.service';
import { loginMethodEnabled } from '../access/access-policy';
import { AuthErrorCode, ThrottledError, UnauthorizedError } from '../access/auth.errors';
import { ThrottleService } from './throttle.service';
import { MeView } from './dto/me-view.dto';

@Injectable()
export class SignInService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly workgroups: WorkgroupsService,
    private readonly throttle: ThrottleService,
    private readonly audit: AuditService,
  ) {}

  /** Password sign-in to the tenant website; returns the new session's cookie token. */
  async signIn(tenant: Tenant, loginId: string, password: string, ip: string): Promise<{ token: string; user: User }> {
    const wait = await this.throttle.retryAfter(ip);
    if (wait) throw new ThrottledError(wait);
    const user = await this.users.findByLoginId(tenant.id, loginId);
    if (!(await this.users.verifyPassword(user, password)) || !user) {
      const retryAfter = await this.throttle.recordFailure(ip);
      if (retryAfter) throw new ThrottledError(retryAfter);
      throw new UnauthorizedError(true);
    }
    if (user.locked) throw forbidden(AuthErrorCode.AccountLocked, 'The account is locked');
    if (user.deactivated) throw forbidden(AuthErrorCode.AccountDeactivated, 'The account is deactivated');
    if (!loginMethodEnabled(tenant, user)) throw forbidden(AuthErrorCode.LoginMethodDisabled, 'Local sign-in is disabled for this tenant');
    const token = await this.sessions.start(tenant.id, user.id);
    await this.audit.record(tenant.id, 'session.started', { id: user.id, loginId: user.loginId, ip }, { type: 'user', id: user.id, loginId: user.loginId });
    return { token, user };
  }

  /** Starts a session for an already authenticated user (SAML2 sign-in). */
  startSession(tenant: Tenant, user: User): Promise<string> {
    return this.sessions.start(tenant.id, user.id);
  }

  signOut(token: string): Promise<void> {
    return this.sessions.end(token);
  }

  async me(user: User): Promise<MeView> {
    const { roles } = await this.workgroups.accessOf(user.tenantId, user.id);
    return { id: user.id, loginId: user.loginId, type: user.type, displayName: user.displayName, roles, mustChangePassword: user.mustChangePassword };
  }

  /** Changes the caller's own password; every session of the user ends, a new one starts. */
  async changePassword(tenant: Tenant, user: User, currentPassword: string, newPassword: string, ip: string): Promise<string> {
    if (user.type !== 'Local') throw badRequest('password-not-local', 'Only Local accounts have a password');
    if (!(await this.users.verifyPassword(user, currentPassword))) {
      throw badRequest('current-password-wrong', 'currentPassword is not the current password');
    }
    checkPasswordLength(newPassword, 'newPassword');
    if (newPassword === currentPassword) throw badRequest('password-unchanged', 'newPassword must differ from currentPassword');
    await this.users.setPassword(user, newPassword, false);
    await this.sessions.endForUser(user.id);
    await this.audit.record(tenant.id, 'user.password-changed', { id: user.id, loginId: user.loginId, ip }, { type: 'user', id: user.id, loginId: user.loginId });
    return this.sessions.start(tenant.id, user.id);
  }
}
