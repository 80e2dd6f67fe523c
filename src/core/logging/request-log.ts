// The request log's two decisions: which id a request carries, and which requests are
// worth an info line (health probes every few seconds and static assets are debug detail).
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

const CALLER_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const QUIET = [/^\/health(?:\/|\?|$)/, /^\/api\/web\/assets\//, /^\/favicon\.ico$/];

/** The caller's X-Request-Id when it is a short plain token (a proxy's id), else a fresh UUID. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && CALLER_ID.test(given) ? given : randomUUID();
}

export function requestLogLevel(url: string): 'debug' | 'info' {
  return QUIET.some((pattern) => pattern.test(url)) ? 'debug' : 'info';
}
