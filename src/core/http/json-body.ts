// The JSON body parser with bounds (issue 10): nesting depth and the number of members of
// any one object or array are checked by a linear scan BEFORE the text is parsed, so no
// body can make class-transformer or class-validator do quadratic or deeply recursive work
// (200,000 keys cost 20 s in plainToInstance; 20,000 levels overflowed the ValidationPipe's
// stack). Route body limits (BodyLimit, body-limit.ts) bound the bytes and may narrow the shape.
import type { FastifyBodyParser, FastifyInstance, FastifyRequest } from 'fastify';
import { isUtf8 } from 'node:buffer';
import { parse as parseQuery } from 'node:querystring';
import { applyRouteBodyLimit, BodyLimitConfig, JSON_BOUNDS, JsonBounds, MAX_JSON_DEPTH } from './body-limit';
import { onOwnTurn } from './own-turn';

const boundsOf = (req: FastifyRequest): JsonBounds => (req.routeOptions.config as Partial<BodyLimitConfig>).jsonBounds ?? JSON_BOUNDS;

/**
 * Scans JSON text once, outside strings, counting depth and the commas of each container.
 * Returns a message naming the first bound exceeded, or null. Malformed text is left to
 * JSON.parse to report: the scan only counts, so it is linear whatever the input. It reads
 * bytes (a UTF-8 continuation byte is never one of the ASCII characters it looks for), which
 * is 2-3 times faster than charCodeAt over the decoded text: 0.6 ms for a 256 KiB body.
 */
export function jsonShapeViolation(input: Uint8Array | string, bounds: JsonBounds = JSON_BOUNDS): string | null {
  const text = typeof input === 'string' ? Buffer.from(input) : input;
  // Per open container: its member count so far, negative for objects.
  const open = new Int32Array(bounds.depth);
  let top = -1;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text[i];
    if (c === 0x22 /* " */) {
      // Jump to the closing quote, stepping over escapes.
      for (i++; i < length; i++) {
        const d = text[i];
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x2c /* , */) {
      if (top < 0) continue;
      const members = (open[top] += open[top] < 0 ? -1 : 1);
      if (members < -bounds.keys) return `JSON object with more than ${bounds.keys} keys`;
      if (members > bounds.items) return `JSON array with more than ${bounds.items} items`;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (top + 1 >= bounds.depth) return `JSON nested deeper than ${bounds.depth} levels`;
      // Members = commas + 1; the count starts at 1 (arrays) or -1 (objects).
      open[++top] = c === 0x7b ? -1 : 1;
    } else if ((c === 0x7d /* } */ || c === 0x5d) /* ] */ && top >= 0) top--;
  }
  return null;
}

type JsonParser = FastifyBodyParser<Buffer>;

/** Keys a body may not hold anywhere (SPEC 8: a 400 that names the key). */
const FORBIDDEN_KEYS = ['__proto__', 'constructor'] as const;

/** The end of the 400 for a string that is not text. */
const NOT_TEXT = 'must be well-formed Unicode text (it holds a lone surrogate)';

/** Where a value sits in a body, as the validation messages write it: `roles.x`, `[3].name`. */
const pathOf = (path: readonly (string | number)[]): string =>
  path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');

/**
 * Why a parsed body cannot be taken as it is, or null: a forbidden key, or a string (value or
 * property name) that is not well-formed Unicode. Walked only when the text can hold either
 * (mayNeedWalk); bounded by the shape check that ran first.
 *
 * - Nest's ValidationPipe deletes "constructor" and "__proto__" keys before validating, so
 *   such a key was silently dropped: `roles: { "constructor": "Allowed" }` became `{}` and a
 *   201. Fastify's own poisoning checks are off (registerBodyParsers): they answered "Body is
 *   not valid JSON", naming nothing. JSON.parse makes "__proto__" an own property, never the prototype.
 * - A lone surrogate (`"\ud800"`) is valid JSON but not text (I-JSON, RFC 7493 section 2.1):
 *   it cannot be written as UTF-8, so a user was created with a 201 whose stored name was other
 *   text than the answer showed (SQLite kept bytes that are not UTF-8).
 */
function bodyViolationOf(value: unknown, path: (string | number)[]): string | null {
  if (typeof value === 'string') return value.isWellFormed() ? null : `${pathOf(path) || 'The body'} ${NOT_TEXT}`;
  if (typeof value !== 'object' || value === null || path.length > MAX_JSON_DEPTH) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const violation = bodyViolationOf(value[i], path);
      path.pop();
      if (violation) return violation;
    }
    return null;
  }
  const key = FORBIDDEN_KEYS.find((name) => Object.hasOwn(value, name));
  if (key) return `JSON property names may not be "${key}"`;
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue;
    if (!name.isWellFormed()) return `The property name at ${pathOf(path) || 'the top'} ${NOT_TEXT}`;
    path.push(name);
    const violation = bodyViolationOf((value as Record<string, unknown>)[name], path);
    path.pop();
    if (violation) return violation;
  }
  return null;
}

/**
 * Whether the text can hold a forbidden key or a lone surrogate at all: written plainly, or
 * with a \u escape in it (a surrogate can only be written so: the bytes are checked to be
 * UTF-8). Three substring searches spare the walk over every value of the body (a 256 KiB
 * body of small keys has 57,000), which ran on the event loop for each request (issue 10).
 */
const mayNeedWalk = (text: Buffer) => text.includes('constructor') || text.includes('__proto__') || text.includes('\\u');

/** A 400 Fastify answers itself (parsing runs before the route's handler and filters). */
export class InvalidBodyError extends Error {
  readonly statusCode = 400;
  readonly code = 'FST_ERR_CTP_INVALID_BODY';
}

/**
 * Bodies longer than this are parsed on a turn of the event loop of their own (with the
 * validation and handler work that follows until the next I/O): a few large ones arriving
 * together are then served one per turn, not as one long block (src/core/http/own-turn.ts).
 * Shorter ones (nearly every real body) parse at once: they cost microseconds.
 */
export const OWN_TURN_BYTES = 4 * 1024;

/**
 * Wraps Fastify's own JSON parser with the shape bounds and the forbidden keys' check. Register with `parseAs: 'buffer'`.
 */
export function boundedJsonParser(defaultParser: JsonParser): JsonParser {
  const parse: JsonParser = function (this: FastifyInstance, req, body, done) {
    const violation = jsonShapeViolation(body, boundsOf(req));
    if (violation) return done(new InvalidBodyError(violation));
    // Fastify calls parsers with the instance as `this`; its own JSON parser answers through done.
    // JSON is UTF-8 (RFC 8259 section 8.1): decoding other bytes would turn them into U+FFFD
    // unseen, and a name sent in Latin-1 would be stored as something else than was sent.
    if (!isUtf8(body)) return done(new InvalidBodyError('The body must be UTF-8 encoded JSON'));
    void defaultParser.call(this, req, body, (error: Error | null, value?: unknown) => {
      const violation = !error && mayNeedWalk(body) ? bodyViolationOf(value, []) : null;
      if (violation) return done(new InvalidBodyError(violation));
      done(error, value);
    });
  };
  return function (this: FastifyInstance, req, body, done) {
    parseWhenItsTurn(body, () => void parse.call(this, req, body, done));
  };
}

/** Parses a short body at once and a longer one on a turn of its own (OWN_TURN_BYTES). */
function parseWhenItsTurn(body: { length: number }, parse: () => void): void {
  if (body.length <= OWN_TURN_BYTES) parse();
  else onOwnTurn(parse);
}

/** The name=value pairs of a form body, as querystring counts them (the pieces between "&"). */
export function formFields(text: string): number {
  let fields = text.length > 0 ? 1 : 0;
  for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) fields++;
  return fields;
}

/**
 * Registers the request body parsers in place of Nest's (create the app with
 * `bodyParser: false`): bounded JSON, and forms parsed by Node's querystring (repeated
 * names become arrays, as before; at most the route's key bound of fields, 200 by default). Route BodyLimits apply to both.
 */
export function registerBodyParsers(instance: FastifyInstance): void {
  instance.addHook('onRoute', applyRouteBodyLimit);
  // As bytes: the shape scan reads them, and the default parser decodes them once. Its
  // poisoning checks are off: forbiddenKeyOf refuses both keys and names the one it found.
  const defaultParser = instance.getDefaultJsonParser('ignore', 'ignore') as unknown as JsonParser;
  instance.addContentTypeParser('application/json', { parseAs: 'buffer' }, boundedJsonParser(defaultParser));
  instance.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    parseWhenItsTurn(body, () => {
      const text = body.toString();
      const { keys } = boundsOf(req);
      // Refused, not cut short: querystring's maxKeys alone would drop the fields past it silently.
      if (formFields(text) > keys) return done(new InvalidBodyError(`Form with more than ${keys} fields`), undefined);
      done(null, { ...parseQuery(text, '&', '=', { maxKeys: keys }) });
    });
  });
}
