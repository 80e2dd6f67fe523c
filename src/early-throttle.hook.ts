import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ThrottledError } from './access/auth.errors';
import { CredentialRoutes } from './auth/credential-routes';
import { ThrottleService } from './auth/throttle.service';
import { AppConfig } from './core/config/app-config';
import { problemOf } from './core/errors/problem';
import { authorizationHeaderCount } from './core/http/authorization';
import { requestClientAddress } from './core/http/client-address';
import { authOutcomes, throttledRequests } from './core/metrics/metrics';
import { sendODataProblem } from './odata/odata-exception.filter';
import { sendWebApiProblem } from './web-api/web-api-exception.filter';

/**
 * A throttled address that keeps sending credentials gets its 429 here, in an onRequest hook,
 * instead of after Nest's routing, guard, interceptors and exception filter: under a flood
 * the refusals otherwise cost as much as valid requests and take half the server from the
 * other clients (npm run bench, scenario 6). The answer is the one the guard would give:
 * only GET/HEAD (no body, so the guard's media-type check has nothing to say), exactly one
 * Authorization header, a valid client address, a route the guard has already treated as
 * credential-checked, and an address this process has cached as throttled. Anything else
 * goes on to the guard, which remains the one authority (and answers 429 itself when the
 * counter is not cached here). The hook returns without calling done(): Fastify then waits
 * for the reply the timer sends.
 */
/** How long a throttled address waits for its 429 here; well below any client's timeout. */
export const THROTTLED_ANSWER_DELAY_MS = 250;

export function registerEarlyThrottle(app: NestFastifyApplication, config: AppConfig): void {
  const throttle = app.get(ThrottleService);
  const routes = app.get(CredentialRoutes);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req, reply, done) => {
      if (typeof req.headers.authorization !== 'string' || authorizationHeaderCount(req.raw.rawHeaders) !== 1) return done();
      const surface = routes.surfaceOf(req.method, req.routeOptions.url);
      if (surface === undefined) return done();
      const address = requestClientAddress(req.raw, config.trustProxy);
      const wait = address === null ? 0 : throttle.cachedRetryAfter(address);
      if (!wait) return done();
      const error = new ThrottledError(wait);
      authOutcomes.inc({ surface, outcome: 'refused', reason: error.code });
      throttledRequests.inc({ surface });
      const problem = problemOf(error, `${req.method} ${req.routeOptions.url}`);
      // A short pause before the refusal (a tarpit): a flooding connection then sends a few
      // requests a second instead of as many as the server can refuse, so the flood cannot take
      // the server's time from other clients. A timer, not work: it costs the server nothing.
      setTimeout(() => (surface === 'odata' ? sendODataProblem : sendWebApiProblem)(reply, problem), THROTTLED_ANSWER_DELAY_MS);
    });
}
