// Per-route body limits (issue 10): the global limit suits the largest body any route takes;
// routes whose bodies are small (sign-in, settings, a password change) declare their own so
// a hostile body is refused with 413 before a byte of it is parsed. The JSON shape bounds the
// body parsers scan with (json-body.ts) are kept here too, as routes can narrow them.
import { RouteConfig } from '@nestjs/platform-fastify';
import type { RouteOptions } from 'fastify';

/** Bytes a small JSON or form body (sign-in, a password change, settings) never exceeds. */
export const SMALL_BODY = 16 * 1024;

/** Deeper than any DTO needs (settings are 3 levels); far below what recursion survives. */
export const MAX_JSON_DEPTH = 16;
/** Keys of one object: a DTO has a few dozen; class-transformer's cost grows with their square. */
export const MAX_JSON_KEYS = 200;
/** Items of one array: the longest a DTO accepts (workgroup members) is 10,000. */
export const MAX_JSON_ITEMS = 10_000;

/** The shape the body scan (json-body.ts) allows; forms are held to `keys` fields. */
export interface JsonBounds {
  depth: number;
  keys: number;
  items: number;
}

/** The bounds of a route that declares none of its own. */
export const JSON_BOUNDS: JsonBounds = { depth: MAX_JSON_DEPTH, keys: MAX_JSON_KEYS, items: MAX_JSON_ITEMS };

/** What BodyLimit puts in a route's config: Fastify's bodyLimit, and the bounds its body parsers read. */
export interface BodyLimitConfig {
  bodyLimit: number;
  jsonBounds?: JsonBounds;
}

/** The route config of BodyLimit (a route's own key bound never widens the parser's). */
export const bodyLimitConfig = (bytes: number, shape: { keys?: number } = {}): BodyLimitConfig => ({
  bodyLimit: bytes,
  ...(shape.keys !== undefined && { jsonBounds: { ...JSON_BOUNDS, keys: Math.min(shape.keys, MAX_JSON_KEYS) } }),
});

/**
 * The route accepts bodies of at most `bytes` (413 above) and, when `keys` is given, JSON
 * objects and forms of at most `keys` members (400 above, before the body is parsed; the
 * parser's own bound otherwise). A route whose DTOs are narrow passes
 * `keysWorthValidating(...dtos)`: wider objects would be refused by validation anyway, and
 * refusing them unparsed spares the event loop the parse and the garbage (issue 10).
 */
export const BodyLimit = (bytes: number, shape: { keys?: number } = {}) => RouteConfig(bodyLimitConfig(bytes, shape));

/** Fastify `onRoute` hook: turns the BodyLimit route config into Fastify's own bodyLimit. */
export function applyRouteBodyLimit(route: RouteOptions): void {
  const bytes: unknown = (route.config as Record<string, unknown> | undefined)?.bodyLimit;
  if (typeof bytes === 'number') route.bodyLimit = bytes;
}
