// Observability surface: the request id (sent back as X-Request-Id), the access log line of
// every request, the Prometheus series of every request, and GET /metrics behind
// METRICS_TOKEN (SPEC 2: 404 when unset, 401 without the bearer token).
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthenticatedRequest } from '../access/request';
import { AppConfig } from '../core/config/app-config';
import { requestClientAddress } from '../core/http/client-address';
import { AppLogger } from '../core/logging/app-logger';
import { runInRequest } from '../core/logging/request-context';
import { requestLogLevel } from '../core/logging/request-log';
import { authOutcomes, boundCounter, httpDuration, httpRequests, metricsRegistry, throttledRequests } from '../core/metrics/metrics';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SIGN_IN_ROUTE = '/:tenant/auth/login';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Compares digests so that neither the token's length nor its content leaks through timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}

/** The sign-in route is public (no guard), so its outcome is read from its status. */
function countSignIn(status: number): void {
  if (status === 200) authOutcomes.inc({ surface: 'sign-in', outcome: 'accepted', reason: 'password' });
  else if (status === 401) authOutcomes.inc({ surface: 'sign-in', outcome: 'refused', reason: 'invalid-credentials' });
  else if (status === 429) {
    authOutcomes.inc({ surface: 'sign-in', outcome: 'refused', reason: 'too-many-failures' });
    throttledRequests.inc({ surface: 'sign-in' });
  }
}

/** Route templates, methods and statuses are few; past this many series the counter is counted directly. */
const MAX_BOUND_SERIES = 1000;
const answered = new Map<string, { inc(): void }>();

/** ips_http_requests_total for one answer, through a bound series (one label hash per series, not per request). */
function countAnswer(method: string, route: string, status: string): void {
  const key = `${method} ${route} ${status}`;
  let series = answered.get(key);
  if (!series && answered.size < MAX_BOUND_SERIES) answered.set(key, (series = boundCounter(httpRequests, { method, route, status })));
  if (series) series.inc();
  else httpRequests.inc({ method, route, status });
}

export function registerObservability(app: NestFastifyApplication, config: AppConfig, requestLog: AppLogger | null): void {
  const fastify = app.getHttpAdapter().getInstance();

  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
    // What follows runs in the request's log context (src/core/logging/request-context.ts).
    runInRequest(req.id, done);
  });
  // The body is read in stream callbacks that Node does not promise to run in that context
  // (Node 20 does, here): enter it again before validation, so the guard, the handler and the
  // services below them carry the id whatever the runtime.
  fastify.addHook('preValidation', (req, _reply, done) => {
    runInRequest(req.id, done);
  });

  fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done) => {
    // Route templates, never raw URLs, keep the label set small and free of data.
    const route = req.routeOptions?.url ?? 'unmatched';
    const status = reply.statusCode;
    countAnswer(req.method, route, String(status));
    httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    if (route === SIGN_IN_ROUTE && req.method === 'POST') countSignIn(status);
    if (requestLog) {
      const r = req as AuthenticatedRequest;
      // Path and ids only, never headers or bodies; OData queries carry no secrets.
      requestLog.record(requestLogLevel(req.url), {
        context: 'Http',
        reqId: req.id,
        method: req.method,
        url: req.url,
        status,
        ms: Math.round(reply.elapsedTime),
        ip: requestClientAddress(req.raw, config.trustProxy),
        tenant: r.caller?.tenant.name ?? r.urlTenant?.name,
        userId: r.caller?.user.id,
      });
    }
    done();
  });

  const token = config.metricsToken;
  if (token === null) return; // no route: /metrics is a 404 like any unknown path
  fastify.get('/metrics', async (req, reply) => {
    if (!bearerMatches(req.headers.authorization, token)) {
      return reply
        .status(401)
        .header('WWW-Authenticate', 'Bearer realm="metrics"')
        .send({ statusCode: 401, error: 'Unauthorized', message: 'Invalid or missing credentials' });
    }
    const body = await metricsRegistry.metrics();
    return reply.header('Content-Type', metricsRegistry.contentType).header('Cache-Control', 'no-store').send(body);
  });
}
