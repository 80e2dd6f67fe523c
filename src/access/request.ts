import { FastifyRequest } from 'fastify';
import { Caller, TenantRef } from './caller';

export const SESSION_COOKIE = 'ips_session';

/** The Fastify request with what the AuthGuard attaches to it. */
export type AuthenticatedRequest = FastifyRequest & {
  clientIp: string;
  /** The tenant named by the URL's first segment, resolved once by the guard for every /{tenant} route. */
  urlTenant?: TenantRef;
  caller?: Caller;
  cookies: Record<string, string | undefined>;
};
