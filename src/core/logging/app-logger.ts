// The server's log: pino underneath (JSON lines for journald, a container runtime or a log
// shipper), readable lines on a terminal. Nest's LoggerService on top, so every
// `new Logger(X.name)` in the code writes here (STYLE 11).
import { stdoutLines } from './batched-lines';
import { currentRequestId } from './request-context';
import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger as Pino } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFormat = 'json' | 'pretty';
const NOISY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
/** Nest's handler of a failed start-up: main.ts prints the readable line, the stack is detail. */
const STARTUP_FAILURE_CONTEXTS = new Set(['ExceptionHandler']);

/** Structured fields that never reach the log, at the top of a record or one level down. */
const REDACTED_FIELDS = new Set(['authorization', 'cookie', 'password', 'currentPassword', 'newPassword', 'administratorPassword', 'secret', 'key']);
const CENSOR = '[REDACTED]';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of `fields` without the redacted names, or `fields` itself when it holds none. */
function withoutSecretFields(fields: Record<string, unknown>, depth: number): Record<string, unknown> {
  let copy: Record<string, unknown> | null = null;
  for (const name in fields) {
    const value = fields[name];
    let replaced: unknown = value;
    if (REDACTED_FIELDS.has(name)) replaced = CENSOR;
    else if (depth > 0 && isRecord(value)) replaced = withoutSecretFields(value, name === 'req' ? depth : depth - 1);
    if (replaced !== value) (copy ??= { ...fields })[name] = replaced;
  }
  return copy ?? fields;
}

/**
 * Redacts structured fields by name (and `req.headers.*`), as pino's `redact` paths did:
 * its wildcard paths cost about 30 µs a record, more than the rest of a logged request.
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return withoutSecretFields(fields, 1);
}

const MAY_HOLD_SECRET = /psk_|authorization|password|secret/i;

/**
 * Redaction is the last line of defence: code never logs secrets on purpose, but a key or
 * an Authorization header that slips into a message (an error from a driver, say) is cut.
 * MySQL's "(using password: YES)" says whether a password was sent, not which: it stays.
 */
export function redact(text: string): string {
  // One scan for the words every pattern below starts with: most lines (the request log) hold none.
  if (!MAY_HOLD_SECRET.test(text)) return text;
  return text
    .replace(/psk_[A-Za-z0-9_-]{8,}/g, 'psk_[REDACTED]')
    .replace(/(authorization["']?\s*[:=]\s*["']?)(basic|bearer)?\s*[^\s"',}]+/gi, '$1[REDACTED]')
    .replace(
      /("?(?:password|currentPassword|newPassword|administratorPassword|secret)"?\s*[:=]\s*)(?!(?:YES|NO)\b)("[^"]*"|'[^']*'|[^\s,})]+)/gi,
      '$1"[REDACTED]"',
    );
}

const LEVEL_LABEL: Record<string, string> = { debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR' };

/** One readable line per record for a terminal: `12:00:01 INFO  [Context] message key=value`. */
export function prettyLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { level, time, context, msg, pid: _pid, hostname: _hostname, ...rest } = record;
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const fields = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));
  const label = typeof level === 'string' ? (LEVEL_LABEL[level] ?? level) : text(level);
  return [clock, label, context ? `[${text(context)}]` : '', text(msg), fields].filter((part) => part !== '').join(' ');
}

let stampedAt = -1;
let stamp = '';

/** pino's isoTime, formatted once per millisecond: a busy server writes several lines in each. */
function isoTimeOncePerMs(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = `,"time":"${new Date(now).toISOString()}"`;
  }
  return stamp;
}

/** Where lines go: a function per line (tests), else stdout. */
function destination(format: LogFormat, write?: (line: string) => void): DestinationStream {
  // Stdout lines of one event-loop turn go out in one write (batched-lines.ts: a write per line was a fifth of a request's CPU).
  const out = write ?? stdoutLines();
  return {
    write: (chunk: string) => {
      const line = chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk;
      out(format === 'pretty' ? prettyLine(line) : line);
    },
  };
}

export function createPino(level: LogLevel, format: LogFormat, write?: (line: string) => void): Pino {
  return pino(
    {
      level,
      base: undefined,
      timestamp: isoTimeOncePerMs,
      formatters: { level: (label) => ({ level: label }), log: redactFields },
      hooks: { streamWrite: redact },
      // Every line written while a request is handled names it (fields given to the call win).
      mixin: () => {
        const reqId = currentRequestId();
        return reqId === undefined ? {} : { reqId };
      },
    },
    destination(format, write),
  );
}

/** Nest's LoggerService over pino. */
export class AppLogger implements LoggerService {
  readonly pino: Pino;

  constructor(level: LogLevel = 'info', write?: (line: string) => void, format: LogFormat = 'json') {
    this.pino = createPino(level, format, write);
  }

  log(message: unknown, context?: string): void {
    // Nest's start-up chatter (one line per module and route) is debug detail.
    this.emit(context && NOISY_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    const ctx = context ?? (trace && !/\n\s+at /.test(trace) ? trace : undefined);
    if (ctx && STARTUP_FAILURE_CONTEXTS.has(ctx)) return this.emit('debug', message, ctx);
    const stack = trace && trace !== ctx ? trace : undefined;
    if (stack && typeof message === 'string') this.pino.error({ context: ctx, stack }, message);
    else this.emit('error', message, ctx);
  }
  warn(message: unknown, context?: string): void {
    this.emit('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.emit('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.emit('debug', message, context);
  }

  /** Writes a structured record (used for the request log). */
  record(level: Exclude<LogLevel, 'silent'>, fields: Record<string, unknown>, msg?: string): void {
    this.pino[level](fields, msg);
  }

  private emit(level: Exclude<LogLevel, 'silent'>, message: unknown, context?: string): void {
    if (message instanceof Error) this.pino[level]({ context, stack: message.stack }, message.message);
    else if (typeof message === 'string') this.pino[level]({ context }, message);
    else this.pino[level]({ context, data: message }, '');
  }
}
