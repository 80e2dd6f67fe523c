// The JSON API as the pages use it: same-origin fetch with the session cookie. Errors carry
// the server's status and message, so a form can show the message beside its field.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The tenant is the first path segment: /{tenant}/ or /{tenant}/PlanningSpace/. */
export const tenant = decodeURIComponent(location.pathname.split('/')[1] ?? '');
export const tenantBase = `/${encodeURIComponent(tenant)}`;
export const apiBase = `${tenantBase}/api/v1`;

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const message = (json as { message?: string } | undefined)?.message ?? `Request failed (${res.status})`;
    if (res.status === 401) window.dispatchEvent(new Event('ips:signed-out'));
    throw new ApiError(res.status, message);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', apiBase + path),
  post: <T>(path: string, body?: unknown) => call<T>('POST', apiBase + path, body),
  put: <T>(path: string, body: unknown) => call<T>('PUT', apiBase + path, body),
  patch: <T>(path: string, body: unknown) => call<T>('PATCH', apiBase + path, body),
  delete: (path: string) => call<void>('DELETE', apiBase + path),
};

export interface TenantInfo {
  name: string;
  previewWebFeatures: boolean;
  loginMethods: { local: boolean; saml2: boolean };
}

export interface Me {
  id: number;
  loginId: string;
  type: 'Local' | 'SAML2';
  displayName: string;
  roles: string[];
  mustChangePassword: boolean;
}

export interface ApiKeyMetadata {
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  hint: string;
}

export interface IssuedApiKey extends ApiKeyMetadata {
  key: string;
}

export interface User {
  id: number;
  loginId: string;
  type: 'Local' | 'SAML2';
  displayName: string;
  locked: boolean;
  deactivated: boolean;
  apiAccess: boolean;
  workgroups: string[];
  apiKey: ApiKeyMetadata | null;
}

export type RoleSetting = 'Allowed' | 'Denied';

export interface Workgroup {
  id: number;
  name: string;
  builtIn: string | null;
  members: number[];
  roles: Record<string, RoleSetting>;
}

export interface Role {
  name: string;
  description: string;
}

export interface TenantSettings {
  previewWebFeatures: boolean;
  apiAccessEnabled: boolean;
  loginMethods: { local: boolean; saml2: boolean };
  saml: { idpEntityId: string | null; idpSsoUrl: string | null; idpCertificate: string | null; allowedDomains: string[] };
}

export interface AuditEvent {
  id: number;
  at: string;
  action: string;
  actor: { id: number | null; loginId: string } | null;
  target: { type: string; id: string | null; loginId?: string };
  ip: string | null;
}

export const ROLE_API_KEY = 'Security/API Key';
export const ROLE_SECURITY = 'Security/Security';

export const formatDate = (value: string | null, none = 'never') => (value ? new Date(value).toLocaleString() : none);

export const canAdminister = (me: Me) => me.roles.includes(ROLE_SECURITY);
export const planningSpaceUrl = `${tenantBase}/PlanningSpace/`;
