// The ordered checks of SPEC section 4, run on every authenticated request. Pure logic:
// the guard loads what they need (identity, roles) and this decides.
import { DomainError, forbidden } from '../core/errors/domain-error';
import { RoleName } from '../roles/role-catalogue';
import { AuthErrorCode, UnauthorizedError } from './auth.errors';
import { RoutePolicy } from './auth.decorators';
import { Identity, Surface, TenantRef, UserRef } from './caller';

export interface PolicyContext {
  urlTenant: TenantRef;
  surface: Surface;
  route: RoutePolicy;
  /** Realm of the Basic challenge a 401 carries, or null for none (see UnauthorizedError). */
  challenge: string | null;
  now: number;
}

function loginMethodEnabled(tenant: Pick<TenantRef, 'loginLocal' | 'loginSaml2'>, user: Pick<UserRef, 'type'>): boolean {
  return user.type === 'SAML2' ? tenant.loginSaml2 : tenant.loginLocal;
}

/** True when the account may sign in now: active, and its login method is on (SPEC 3). */
export function canSignIn(tenant: Pick<TenantRef, 'loginLocal' | 'loginSaml2'>, user: Pick<UserRef, 'type' | 'locked' | 'deactivated'>): boolean {
  return !user.locked && !user.deactivated && loginMethodEnabled(tenant, user);
}

/**
 * The account checks shared by sign-in (password or SAML) and by every use of a password or
 * key (SPEC 4 (5), (6)): why this account may not be used now, or null. 403s with the reason.
 */
export function accountRefusal(tenant: TenantRef, user: UserRef, use: 'sign-in' | 'password' | 'api-key'): DomainError | null {
  if (user.locked) return forbidden(AuthErrorCode.AccountLocked, 'The account is locked');
  if (user.deactivated) return forbidden(AuthErrorCode.AccountDeactivated, 'The account is deactivated');
  if (use === 'api-key' && !user.apiAccess) return forbidden(AuthErrorCode.AccountApiAccessDisabled, 'API access is disabled for this account');
  if (!loginMethodEnabled(tenant, user)) {
    const alsoKeys = use === 'sign-in' ? '' : `, and with it API access of ${user.type} accounts`;
    return forbidden(AuthErrorCode.LoginMethodDisabled, `${user.type} sign-in is disabled for this tenant${alsoKeys}`);
  }
  return null;
}

/**
 * Checks that do not need the user's roles: (1)-(6) for keys, and the equivalent for
 * sessions and passwords. Throws 401 for anything that is not a valid credential of this
 * tenant, 403 with the reason for a valid credential that may not be used.
 */
export function checkCredential(identity: Identity | null, ctx: PolicyContext): Identity {
  // Made only when thrown: building an Error captures a stack, which the hot path cannot afford.
  const unauthorized = () => new UnauthorizedError(ctx.challenge);
  if (!identity) throw unauthorized(); // (1) unknown key, session or password
  const { user, tenant } = identity;
  if (tenant.id !== ctx.urlTenant.id || user.tenantId !== ctx.urlTenant.id) throw unauthorized(); // (2) another tenant's credential
  if (identity.kind === 'api-key') {
    const expiresAt = identity.apiKey?.expiresAt;
    if (expiresAt && expiresAt.getTime() <= ctx.now) throw unauthorized(); // (3) expired
    if (!tenant.apiAccessEnabled) throw forbidden(AuthErrorCode.TenantApiAccessDisabled, 'API access is disabled for this tenant'); // (4)
  }
  if (identity.kind === 'session') {
    // A session of a user who may no longer sign in is simply over.
    if (!canSignIn(tenant, user)) throw unauthorized();
    return identity;
  }
  // (5) account state and apiAccess, (6) login method of the account's type
  const refusal = accountRefusal(tenant, user, identity.kind === 'api-key' ? 'api-key' : 'password');
  if (refusal) throw refusal;
  return identity;
}

/** Checks (7)-(9): the key role, the surface and credential kind, the route's own role. */
export function checkAccess(identity: Identity, roles: readonly RoleName[], isAdministrator: boolean, ctx: PolicyContext): void {
  const { user } = identity;
  if (identity.kind === 'api-key') {
    if (!roles.includes('Security/API Key')) {
      throw forbidden(AuthErrorCode.ApiKeyRoleMissing, 'The role Security/API Key is required to use an API key'); // (7)
    }
    if (user.type === 'SAML2' && ctx.surface !== 'odata') {
      throw forbidden(AuthErrorCode.SamlKeyOutsideOData, 'API keys of SAML2 accounts can only be used for OData'); // (8)
    }
  }
  if (!ctx.route.credentials.includes(identity.kind)) {
    // (8) surface: a leaked key or password must never reach administration routes.
    if (identity.kind === 'password') {
      // Only suggest an API key where one would be accepted.
      const instead = ctx.route.credentials.includes('api-key') ? 'sign in to the website or use an API key' : 'this operation needs a website session';
      throw forbidden(AuthErrorCode.PasswordOnODataOnly, `Basic sign-in with a password is accepted on OData only; ${instead}`);
    }
    throw forbidden(AuthErrorCode.SessionRequired, 'This operation needs a website session; API keys are not accepted here');
  }
  if (user.mustChangePassword && identity.kind !== 'api-key' && !ctx.route.duringPasswordChange) {
    throw forbidden(AuthErrorCode.PasswordChangeRequired, 'The password was generated by the server and must be changed first (POST /me/password)');
  }
  // (9) the route's own requirement
  if (ctx.route.administrator && !isAdministrator) {
    throw forbidden(AuthErrorCode.AdministratorsOnly, 'Only members of the Administrators workgroup can do this');
  }
  if (ctx.route.role && !roles.includes(ctx.route.role)) {
    throw forbidden(AuthErrorCode.RoleMissing, `The role ${ctx.route.role} is required`);
  }
}
