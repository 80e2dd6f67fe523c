import { Injectable } from '@nestjs/common';
import { accountRefusal } from '../access/access-policy';
import { UnauthorizedError } from '../access/auth.errors';
import { SignInMethod, TenantRef, UserRef } from '../access/caller';
import { AuditService } from '../audit/audit.service';
import { badRequest, DomainError } from '../core/errors/domain-error';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { checkPasswordLength, UserErrorCode, UsersService } from '../users/users.service';
import { WorkgroupsService } from '../workgroups/workgroups.service';
import { MeView } from './dto/me-view.dto';
import { ThrottleService } from './throttle.service';

export enum SignInErrorCode {
  CurrentPasswordWrong = 'current-password-wrong',
  PasswordUnchanged = 'password-unchanged',
}

const isWrongCurrentPassword = (error: unknown) => error instanceof DomainError && error.code === String(SignInErrorCode.CurrentPasswordWrong);

/** Website sign-in by every method, and the session that follows it. */
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
  signInWithPassword(tenant: TenantRef, loginId: string, password: string, ip: string): Promise<{ token: string; user: User }> {
    return this.throttle.around(ip, async () => {
      const user = await this.users.findByLoginId(tenant.id, loginId);
      // Unknown users cost the same Argon2 time as wrong passwords; a sign-in form sends no
      // Authorization header, so its 401 carries no challenge (no browser login dialog).
      if (!(await this.users.verifyPassword(user, password)) || !user) throw new UnauthorizedError(null);
      const token = await this.startSession(tenant, user, ip, 'password');
      return { token, user };
    });
  }

  /**
   * The one way a website session starts, whatever proved who the user is (password, SAML):
   * the account checks of sign-in (locked, deactivated, login method), a new session id, the
   * audit event. Returns the cookie token.
   */
  async startSession(tenant: TenantRef, user: UserRef, ip: string, method: SignInMethod): Promise<string> {
    const refusal = accountRefusal(tenant, user, 'sign-in');
    if (refusal) throw refusal;
    const token = await this.sessions.start(tenant.id, user.id);
    await this.audit.record(
      tenant.id,
      'session.started',
      { id: user.id, loginId: user.loginId, ip },
      { type: 'user', id: user.id, loginId: user.loginId },
      { method },
    );
    return token;
  }

  signOut(token: string): Promise<void> {
    return this.sessions.end(token);
  }

  async me(user: UserRef): Promise<MeView> {
    const { roles } = await this.workgroups.accessOf(user.tenantId, user.id);
    return { id: user.id, loginId: user.loginId, type: user.type, displayName: user.displayName, roles, mustChangePassword: user.mustChangePassword };
  }

  /** Changes the caller's own password; every session of the user ends, a new one starts. */
  async changePassword(tenant: TenantRef, caller: UserRef, currentPassword: string, newPassword: string, ip: string): Promise<string> {
    if (caller.type !== 'Local') throw badRequest(UserErrorCode.PasswordNotAllowed, 'Only Local accounts have a password');
    const user = await this.users.getById(tenant.id, caller.id);
    // A wrong current password is a failed credential like any other (issue 10): each costs an
    // Argon2 verify, and a stolen session cookie must not buy unlimited guesses.
    await this.throttle.around(
      ip,
      async () => {
        if (!(await this.users.verifyPassword(user, currentPassword))) {
          throw badRequest(SignInErrorCode.CurrentPasswordWrong, 'currentPassword is not the current password');
        }
      },
      isWrongCurrentPassword,
    );
    checkPasswordLength(newPassword, 'newPassword');
    if (newPassword === currentPassword) throw badRequest(SignInErrorCode.PasswordUnchanged, 'newPassword must differ from currentPassword');
    await this.users.setPassword(user, newPassword, false);
    await this.sessions.endForUser(user.id);
    await this.audit.record(
      tenant.id,
      'user.password-changed',
      { id: user.id, loginId: user.loginId, ip },
      { type: 'user', id: user.id, loginId: user.loginId },
    );
    return this.startSession(tenant, user, ip, 'password');
  }
}
