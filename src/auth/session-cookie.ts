import { FastifyReply } from 'fastify';
import { AppConfig } from '../core/config/app-config';
import { TenantRef } from '../access/caller';
import { SESSION_COOKIE } from '../access/request';

/** The session cookie is scoped to the tenant's path, so sessions of two tenants coexist. */
function options(tenant: TenantRef, config: AppConfig) {
  return {
    path: `/${tenant.name}`,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.publicUrl?.protocol === 'https:',
  };
}

export function setSessionCookie(reply: FastifyReply, tenant: TenantRef, token: string, config: AppConfig): void {
  reply.setCookie(SESSION_COOKIE, token, options(tenant, config));
}

export function clearSessionCookie(reply: FastifyReply, tenant: TenantRef, config: AppConfig): void {
  reply.clearCookie(SESSION_COOKIE, options(tenant, config));
}
