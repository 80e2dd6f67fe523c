// Route metadata read by the one global AuthGuard (STYLE 7). Each decorator also adds the
// matching Swagger security requirement and error responses, so the OpenAPI document says
// exactly what the guard enforces.
import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiParam, ApiSecurity } from '@nestjs/swagger';
import { RoleName } from '../roles/role-catalogue';
import { Caller, CredentialKind, Surface, TenantRef } from './caller';
import { ApiErrors, ApiODataErrors } from './api-errors.decorator';
import { TENANT_NAME_PATTERN } from './tenant-name';

export const PUBLIC_KEY = 'ips:public';
export const SURFACE_KEY = 'ips:surface';
export const ROUTE_POLICY_KEY = 'ips:route-policy';
export const IPS_ADMIN_KEY = 'ips:ips-admin';
export const ACCEPTS_FORM_KEY = 'ips:accepts-form';

export interface RoutePolicy {
  /** Credentials accepted here; a valid credential of another kind gets 403. */
  credentials: CredentialKind[];
  role?: RoleName;
  administrator?: boolean;
  /** Reachable while the user must still change a generated password. */
  duringPasswordChange?: boolean;
}

export const SECURITY_SCHEMES = { session: 'session', bearer: 'bearer', basic: 'basic' } as const;

/** No authentication at all (health, docs, tenant-info, sign-in). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Marks a controller's surface: its error body and which credentials can even apply. */
export const ApiSurface = (surface: Surface) => SetMetadata(SURFACE_KEY, surface);

/** Form posts (application/x-www-form-urlencoded) are accepted here (the sign-in form). */
export const AcceptsForm = () => SetMetadata(ACCEPTS_FORM_KEY, true);

/**
 * Every authenticated tenant route lives under /{tenant}/ (the guard resolves the tenant
 * from that segment), so the path parameter is declared here for routes that do not bind it.
 */
export const TenantParam = () =>
  ApiParam({
    name: 'tenant',
    description: 'The tenant name, the first segment of every tenant URL (matched case-insensitively).',
    example: 'demo',
    schema: { type: 'string', pattern: TENANT_NAME_PATTERN.source, example: 'demo' },
  });

/** The answer of any route that needs the database while it cannot be reached (README "Database faults"). */
export const DATABASE_UNAVAILABLE = 'The database cannot be reached; retry after the Retry-After seconds';

function routeDecorators(full: RoutePolicy, surface: Surface) {
  const security = [];
  if (full.credentials.includes('session') && surface === 'web-api') security.push(ApiSecurity(SECURITY_SCHEMES.session));
  // Bearer is read on the Web API only; OData clients (Power Query, Power BI) send Basic.
  if (full.credentials.includes('api-key') && surface === 'web-api') security.push(ApiSecurity(SECURITY_SCHEMES.bearer));
  if (full.credentials.includes('api-key') || full.credentials.includes('password')) security.push(ApiSecurity(SECURITY_SCHEMES.basic));
  const why = [
    full.role ? `the role ${full.role}` : null,
    full.administrator ? 'membership of Administrators' : null,
    full.credentials.length === 1 && full.credentials[0] === 'session' ? 'a website session (API keys are refused)' : null,
  ].filter(Boolean);
  const errors = {
    401: 'Missing or invalid credentials',
    403: `Authenticated but not allowed${why.length ? ': needs ' + why.join(' and ') : ''}`,
    429: 'Too many failed credentials from this address; retry after the Retry-After seconds',
    503: DATABASE_UNAVAILABLE,
  };
  return [SetMetadata(ROUTE_POLICY_KEY, full), TenantParam(), ...security, surface === 'odata' ? ApiODataErrors(errors) : ApiErrors(errors)];
}

/** A Web API route: session by default; `credentials` widens it to API keys (never to Basic passwords there). */
export function Authenticated(policy: Partial<RoutePolicy> = {}) {
  return applyDecorators(...routeDecorators({ credentials: ['session'], ...policy }, 'web-api'));
}

/** An OData route: Basic with an API key or a Local password, and the role (default Data/Read). */
export function ODataAuthenticated(role: RoleName = 'Data/Read') {
  return applyDecorators(SetMetadata(SURFACE_KEY, 'odata'), ...routeDecorators({ credentials: ['api-key', 'password'], role }, 'odata'));
}

/** The IPS Administrator with HTTP Basic (/admin/api/*). */
export const IpsAdministrator = () =>
  applyDecorators(
    SetMetadata(IPS_ADMIN_KEY, true),
    ApiSecurity(SECURITY_SCHEMES.basic),
    ApiErrors({
      401: 'Missing or invalid IPS Administrator credentials',
      429: 'Too many failed credentials from this address; retry after the Retry-After seconds',
      503: DATABASE_UNAVAILABLE,
    }),
  );

/** The tenant named by the URL, resolved once by the guard for every /{tenant} route (404 when unknown). */
export const CurrentTenant = createParamDecorator((_: unknown, context: ExecutionContext): TenantRef => {
  return context.switchToHttp().getRequest().urlTenant;
});

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  return context.switchToHttp().getRequest().caller;
});

/** The client address as the guard resolved it (TRUST_PROXY aware). */
export const ClientIp = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest().clientIp;
});
