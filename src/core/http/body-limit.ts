// Per-route body limits (issue 10): the global limit suits the largest body any route takes;
// routes whose bodies are small (sign-in, settings, a password change) declare their own so
// a hostile body is refused with 413 before a byte of it is parsed.
import { RouteConfig } from '@nestjs/platform-fastify';
import type { RouteOptions } from 'fastify';

/** Bytes a small JSON or form body (sign-in, a password change, settings) never exceeds. */
export const SMALL_BODY = 16 * 1024;

/**
 * The route accepts bodies of at most `bytes` (413 above) and, when `keys` is given, JSON
 * objects and forms of at most `keys` members (400 above, before the body is parsed; the
 * parser's own bound otherwise). A route whose DTOs are narrow passes
 * `keysWorthValidating(...dtos)`: wider objects would be refused by validation anyway, and
 * refusing them unparsed spares the event loop the parse and the garbage (issue 10).
 */
export const BodyLimit = (bytes: number, shape: { keys?: number } = {}) =>
  RouteConfig({ bodyLimit: bytes, ...(shape.keys !== undefined && { bodyKeys: shape.keys }) });

/** Fastify `onRoute` hook: turns the BodyLimit route config into Fastify's own bodyLimit. */
export function applyRouteBodyLimit(route: RouteOptions): void {
  const bytes: unknown = (route.config as Record<string, unknown> | undefined)?.bodyLimit;
  if (typeof bytes === 'number') route.bodyLimit = bytes;
}
