import { LoggerService } from '@nestjs/common';
import { stdoutLines } from './batched-lines';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = keyof typeof LEVELS;
const NOISY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * Redaction is the last line of defence: code never logs secrets on purpose, but a key or
 * an Authorization header that slips into a message (an error from a driver, say) is cut.
 */
export function redact(text: string): string {
  return text
    .replace(/psk_[A-Za-z0-9_-]{8,}/g, 'psk_[REDACTED]')
    .replace(/(authorization["']?\s*[:=]\s*["']?)(basic|bearer)?\s*[^\s"',}]+/gi, '$1[REDACTED]')
    .replace(/("?(?:password|currentPassword|newPassword|administratorPassword|secret)"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,}]+)/gi, '$1"[REDACTED]"');
}

/** One JSON object per line on stdout (structured logs, STYLE 11). */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    level: Level = 'info',
    private readonly write: (line: string) => void = stdoutLines(),
  ) {
    this.threshold = LEVELS[level];
  }

  log(message: unknown, context?: string): void {
    // Nest's start-up chatter (one line per module and route) is debug detail.
    this.emit(context && NOISY_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.emit('error', trace && typeof trace === 'string' && !context ? String(message) : message, context ?? trace);
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
  record(level: Level, fields: Record<string, unknown>): void {
    if (LEVELS[level] < this.threshold) return;
    this.write(redact(JSON.stringify({ level, time: new Date().toISOString(), ...fields })));
  }

  private emit(level: Level, message: unknown, context?: string): void {
    const msg = message instanceof Error ? (message.stack ?? message.message) : typeof message === 'string' ? message : JSON.stringify(message);
    this.record(level, { context, msg });
  }
}
