// Who is calling, in the vocabulary controllers and the access policy share. These are the
// fields of the tenant, user and key rows the policy reads; the entities (features, one layer
// up) have them all, so a strategy hands its rows over as they are.
import { RoleName } from '../roles/role-catalogue';

export type UserType = 'Local' | 'SAML2';
export type CredentialKind = 'session' | 'api-key' | 'password';
export type Surface = 'web-api' | 'odata';
/** How a website session was opened. */
export type SignInMethod = 'password' | 'saml2';

export interface TenantRef {
  id: number;
  name: string;
  nameKey: string;
  previewWebFeatures: boolean;
  apiAccessEnabled: boolean;
  loginLocal: boolean;
  loginSaml2: boolean;
}

export interface UserRef {
  id: number;
  tenantId: number;
  loginId: string;
  type: UserType;
  displayName: string;
  mustChangePassword: boolean;
  locked: boolean;
  deactivated: boolean;
  apiAccess: boolean;
}

export interface ApiKeyRef {
  id: number;
  keyHash: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

/** Who a credential names, before any policy check (what a strategy produces). */
export interface Identity {
  kind: CredentialKind;
  user: UserRef;
  tenant: TenantRef;
  apiKey?: ApiKeyRef;
  sessionToken?: string;
}

/** An authenticated and authorized caller, attached to the request by the guard. */
export interface Caller extends Identity {
  roles: RoleName[];
  isAdministrator: boolean;
  ip: string;
}
