// The security headers of every answer (helmet's defaults; the website's pages add their own
// Content-Security-Policy). helmet's headers depend on its options only, so they are worked
// out once at start-up: @fastify/helmet built helmet's middleware anew on every request, two
// hooks and a closure per request (npm run bench, profiled).
import helmet, { HelmetOptions } from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';

export interface SecurityHeaders {
  /** Name and value, in helmet's order. */
  set: ReadonlyArray<readonly [string, string]>;
  /** Headers helmet removes (X-Powered-By). */
  removed: readonly string[];
}

/** What helmet's middleware does to a response with these options, recorded once. */
export function securityHeaders(options: HelmetOptions): SecurityHeaders {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => void set.push([name, String(value)]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let failure: unknown = null;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => (failure = error ?? null));
  if (failure) throw failure instanceof Error ? failure : new Error('helmet refused its options');
  return { set, removed };
}

/** Applies the recorded headers to a response, as helmet's middleware would have. */
export function applySecurityHeaders(headers: SecurityHeaders, res: ServerResponse): void {
  for (const name of headers.removed) res.removeHeader(name);
  for (const [name, value] of headers.set) res.setHeader(name, value);
}
