import { ApiKey } from '../api-keys/api-key.entity';
import { RoleName } from '../roles/role-catalogue';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';

export type CredentialKind = 'session' | 'api-key' | 'password';
export type Surface = 'web-api' | 'odata';

/** Who a credential names, before any policy check (what a strategy produces). */
export interface Identity {
  kind: CredentialKind;
  user: User;
  tenant: Tenant;
  apiKey?: ApiKey;
  sessionToken?: string;
}

/** An authenticated and authorized caller, attached to the request by the guard. */
export interface Caller extends Identity {
  roles: RoleName[];
  isAdministrator: boolean;
  ip: string;
}
