import { FastifyRequest } from 'fastify';
import { Tenant } from '../tenants/tenant.entity';
import { Caller } from './caller';

export const SESSION_COOKIE = 'ips_session';

/** The Fastify request with what the AuthGuard attaches to it. */
export type AuthenticatedRequest = FastifyRequest & {
  clientIp: string;
  urlTenant?: Tenant;
  caller?: Caller;
  cookies: Record<string, string | undefined>;
};
