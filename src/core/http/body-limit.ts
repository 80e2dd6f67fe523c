// Per-route body limits (issue 10): the global limit suits the largest body any route takes;
// routes whose bodies are small (sign-in, settings, a password change) declare their own so
// a hostile body is refused with 413 before a byte of it is parsed.
import { RouteConfig } from '@nestjs/platform-fastify';
import type { RouteOptions } from 'fastify';

/** Bytes a small JSON or form body (sign-in, a password change, settings) never exceeds. */
export const SMALL_BODY = 16 * 1024;

/** The route accepts bodies of at most `bytes` (413 above). */
export const BodyLimit = (bytes: number) => RouteConfig({ bodyLimit: bytes });

/** Fastify `onRoute` hook: turns the BodyLimit route config into Fastify's own bodyLimit. */
export function applyRouteBodyLimit(route: RouteOptions): void {
  const bytes: unknown = (route.config as Record<string, unknown> | undefined)?.bodyLimit;
  if (typeof bytes === 'number') route.bodyLimit = bytes;
}
