import { DomainError } from '../core/errors/domain-error';
import { ROLE_NAMES, RoleName } from '../roles/role-catalogue';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { accountRefusal, canSignIn, checkAccess, checkCredential, PolicyContext } from './access-policy';
import { UnauthorizedError } from './auth.errors';
import { Identity } from './caller';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const tenant = (changes: Partial<Tenant> = {}): Tenant => ({
  id: 1,
  name: 'acme',
  nameKey: 'acme',
  createdAt: new Date(NOW),
  previewWebFeatures: false,
  apiAccessEnabled: true,
  loginLocal: true,
  loginSaml2: true,
  saml: null,
  ...changes,
});
const user = (changes: Partial<User> = {}): User =>
  ({
    id: 7,
    tenantId: 1,
    loginId: 'ana',
    loginIdKey: 'ana',
    type: 'Local',
    displayName: 'Ana',
    passwordHash: 'x',
    mustChangePassword: false,
    locked: false,
    deactivated: false,
    apiAccess: true,
    ...changes,
  }) as User;
const key = (changes: Partial<ApiKey> = {}): ApiKey => ({
  id: 3,
  tenantId: 1,
  userId: 7,
  keyHash: 'h',
  hint: 'psk_…abc',
  createdAt: new Date(NOW - 1000),
  expiresAt: null,
  lastUsedAt: null,
  lastUsedIp: null,
  ...changes,
});
const keyIdentity = (u: Partial<User> = {}, t: Partial<Tenant> = {}, k: Partial<ApiKey> = {}): Identity => ({
  kind: 'api-key',
  user: user(u),
  tenant: tenant(t),
  apiKey: key(k),
});
const ctx = (changes: Partial<PolicyContext> = {}): PolicyContext => ({
  urlTenant: tenant(),
  surface: 'odata',
  route: { credentials: ['api-key', 'password'], role: 'Data/Read' },
  challenge: 'acme',
  now: NOW,
  ...changes,
});
const KEY_USER_ROLES: RoleName[] = ['Security/API Key', 'Data/Read'];

/** Runs both stages like AccessPolicyService; returns 'ok', 401, or the 403 code. */
function decide(identity: Identity | null, context: PolicyContext, roles: RoleName[] = KEY_USER_ROLES, isAdministrator = false): string | number {
  try {
    const valid = checkCredential(identity, context);
    checkAccess(valid, roles, isAdministrator, context);
    return 'ok';
  } catch (error) {
    if (error instanceof UnauthorizedError) return 401;
    if (error instanceof DomainError && error.kind === 'forbidden') return error.code;
    throw error;
  }
}

describe('the ordered checks of SPEC 4 for API keys', () => {
  it('accepts a valid key of a Local user with the roles on OData', () => {
    expect(decide(keyIdentity(), ctx())).toBe('ok');
  });

  it('(1) refuses an unknown key with 401', () => {
    expect(decide(null, ctx())).toBe(401);
  });

  it("(2) refuses another tenant's key with 401", () => {
    expect(decide(keyIdentity({ tenantId: 2 }, { id: 2, name: 'other' }), ctx())).toBe(401);
  });

  it('(3) refuses an expired key with 401, and accepts it until the instant of expiry', () => {
    expect(decide(keyIdentity({}, {}, { expiresAt: new Date(NOW) }), ctx())).toBe(401);
    expect(decide(keyIdentity({}, {}, { expiresAt: new Date(NOW + 1) }), ctx())).toBe('ok');
  });

  it('(4) refuses when the tenant suspended API access', () => {
    expect(decide(keyIdentity({}, { apiAccessEnabled: false }), ctx({ urlTenant: tenant({ apiAccessEnabled: false }) }))).toBe('tenant-api-access-disabled');
  });

  it('(5) refuses locked, deactivated and apiAccess-false accounts', () => {
    expect(decide(keyIdentity({ locked: true }), ctx())).toBe('account-locked');
    expect(decide(keyIdentity({ deactivated: true }), ctx())).toBe('account-deactivated');
    expect(decide(keyIdentity({ apiAccess: false }), ctx())).toBe('account-api-access-disabled');
  });

  it("(6) refuses when the login method of the account's type is disabled", () => {
    expect(decide(keyIdentity({}, { loginLocal: false }), ctx())).toBe('login-method-disabled');
    expect(decide(keyIdentity({ type: 'SAML2' }, { loginSaml2: false }), ctx())).toBe('login-method-disabled');
  });

  it('(7) refuses without Security/API Key, even for a user with every other role', () => {
    expect(decide(keyIdentity(), ctx(), ['Security/Security', 'Data/Read', 'Data/Write'])).toBe('api-key-role-missing');
  });

  it('(8) accepts SAML2 keys on OData and refuses them on the Web API with the SPEC message', () => {
    expect(decide(keyIdentity({ type: 'SAML2' }), ctx())).toBe('ok');
    const webApi = ctx({ surface: 'web-api', route: { credentials: ['session', 'api-key'] } });
    expect(decide(keyIdentity({ type: 'SAML2' }), webApi)).toBe('saml-key-outside-odata');
    expect(() => checkAccess(keyIdentity({ type: 'SAML2' }), KEY_USER_ROLES, false, webApi)).toThrow(/^API keys of SAML2 accounts can only be used for OData$/);
  });

  it('(8) refuses keys on routes that need a session, even an Administrator key', () => {
    const admin = ctx({ surface: 'web-api', route: { credentials: ['session'], role: 'Security/Security' } });
    expect(decide(keyIdentity(), admin, [...ROLE_NAMES], true)).toBe('session-required');
  });

  it("(9) refuses when the route's own role is missing", () => {
    expect(decide(keyIdentity(), ctx(), ['Security/API Key'])).toBe('role-missing');
  });

  it('checks in SPEC order: an expired key of a locked user is a 401, not a 403', () => {
    expect(decide(keyIdentity({ locked: true }, {}, { expiresAt: new Date(NOW - 1) }), ctx())).toBe(401);
  });
});

describe('sessions and passwords', () => {
  const session = (u: Partial<User> = {}, t: Partial<Tenant> = {}): Identity => ({ kind: 'session', user: user(u), tenant: tenant(t) });
  const webApi = (policy: PolicyContext['route']) => ctx({ surface: 'web-api', route: policy, challenge: null });

  it('ends the usefulness of a session of a locked user or a disabled login method (401)', () => {
    expect(decide(session({ locked: true }), webApi({ credentials: ['session'] }))).toBe(401);
    expect(decide(session({}, { loginLocal: false }), webApi({ credentials: ['session'] }))).toBe(401);
  });

  it('needs membership of Administrators where the route says so', () => {
    expect(decide(session(), webApi({ credentials: ['session'], administrator: true }), [...ROLE_NAMES], false)).toBe('administrators-only');
    expect(decide(session(), webApi({ credentials: ['session'], administrator: true }), [...ROLE_NAMES], true)).toBe('ok');
  });

  it('holds a user with a generated password to the password change', () => {
    expect(decide(session({ mustChangePassword: true }), webApi({ credentials: ['session'] }), [])).toBe('password-change-required');
    expect(decide(session({ mustChangePassword: true }), webApi({ credentials: ['session'], duringPasswordChange: true }), [])).toBe('ok');
  });

  it('accepts Basic passwords on OData only', () => {
    const password: Identity = { kind: 'password', user: user(), tenant: tenant() };
    expect(decide(password, ctx())).toBe('ok');
    expect(decide(password, webApi({ credentials: ['session', 'api-key'] }))).toBe('password-odata-only');
  });
});

describe('the account checks shared by sign-in and credential use', () => {
  const codeOf = (refusal: DomainError | null) => refusal?.code ?? null;

  it('refuses locked and deactivated accounts, and accounts whose login method is off, in that order', () => {
    expect(codeOf(accountRefusal(tenant(), user(), 'sign-in'))).toBeNull();
    expect(codeOf(accountRefusal(tenant(), user({ locked: true, deactivated: true }), 'sign-in'))).toBe('account-locked');
    expect(codeOf(accountRefusal(tenant(), user({ deactivated: true }), 'sign-in'))).toBe('account-deactivated');
    expect(codeOf(accountRefusal(tenant({ loginLocal: false }), user(), 'sign-in'))).toBe('login-method-disabled');
    expect(codeOf(accountRefusal(tenant({ loginSaml2: false }), user({ type: 'SAML2' }), 'sign-in'))).toBe('login-method-disabled');
  });

  it('checks apiAccess only for keys, and says a disabled method also blocks keys', () => {
    expect(codeOf(accountRefusal(tenant(), user({ apiAccess: false }), 'sign-in'))).toBeNull();
    expect(codeOf(accountRefusal(tenant(), user({ apiAccess: false }), 'api-key'))).toBe('account-api-access-disabled');
    expect(accountRefusal(tenant({ loginLocal: false }), user(), 'sign-in')?.message).toBe('Local sign-in is disabled for this tenant');
    expect(accountRefusal(tenant({ loginLocal: false }), user(), 'api-key')?.message).toBe(
      'Local sign-in is disabled for this tenant, and with it API access of Local accounts',
    );
  });

  it('canSignIn agrees with the sign-in refusal', () => {
    for (const changes of [{}, { locked: true }, { deactivated: true }, { type: 'SAML2' as const }]) {
      for (const t of [tenant(), tenant({ loginLocal: false }), tenant({ loginSaml2: false })]) {
        expect(canSignIn(t, user(changes))).toBe(accountRefusal(t, user(changes), 'sign-in') === null);
      }
    }
  });
});
