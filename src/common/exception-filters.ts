import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { FastifyReply } from 'fastify';
import { ThrottledError, UnauthorizedError } from '../auth/auth.errors';
import { AuthenticatedRequest } from '../auth/request';
import { ODataMethodNotAllowedError, ODataNotImplementedError, ODataSyntaxError } from '../odata/query/odata-errors';
import { isODataUrl, queryOverflowMessage } from '../odata/odata-edge';
import { DomainError, STATUS_OF } from './domain-error';

interface Problem {
  status: number;
  code: string;
  message: string;
}

const logger = new Logger('Errors');

/** Maps anything thrown to a status, code and message; unknown errors are logged 500s. */
function problemOf(exception: unknown, reply: FastifyReply, req: AuthenticatedRequest, alwaysChallenge: boolean): Problem {
  if (exception instanceof DomainError) {
    if (exception instanceof UnauthorizedError && (alwaysChallenge || exception.presentedCredentials)) {
      const realm = req.urlTenant?.name ?? 'IPS';
      reply.header('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
    }
    if (exception instanceof ThrottledError) reply.header('Retry-After', String(exception.retryAfterSeconds));
    return { status: STATUS_OF[exception.kind], code: exception.code, message: exception.message };
  }
  if (exception instanceof HttpException) {
    const body = exception.getResponse() as string | { message?: string | string[] };
    const message = typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? exception.message);
    return { status: exception.getStatus(), code: (STATUS_CODES[exception.getStatus()] ?? 'Error').replace(/ /g, ''), message };
  }
  const status = (exception as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own client errors (e.g. malformed JSON body).
    return { status, code: (STATUS_CODES[status] ?? 'Error').replace(/ /g, ''), message: (exception as Error).message };
  }
  logger.error(`Unhandled error on ${req.method} ${req.routeOptions?.url ?? ''}: ${(exception as Error)?.stack ?? exception}`);
  return { status: 500, code: 'InternalServerError', message: 'Internal server error' };
}

/** Web API and website error body: { statusCode, error, message } (SPEC 5). */
@Catch()
export class WebApiExceptionFilter implements ExceptionFilter {
  private readonly odata = new ODataExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest<AuthenticatedRequest>();
    // Below /{tenant}/odata nothing routed (an unknown method, say) still speaks OData.
    if (isODataUrl(req.url)) return this.odata.catch(exception, host);
    const problem = problemOf(exception, reply, req, false);
    void reply.status(problem.status).send({ statusCode: problem.status, error: STATUS_CODES[problem.status], message: problem.message });
  }
}

/** The OData layer's own errors, and database errors the client's expression caused. */
function odataProblem(exception: unknown): Problem | null {
  const overflow = queryOverflowMessage(exception);
  if (overflow !== null) return { status: 400, code: 'BadRequest', message: overflow };
  if (exception instanceof ODataSyntaxError) return { status: 400, code: 'BadRequest', message: exception.message };
  if (exception instanceof ODataNotImplementedError) return { status: 501, code: 'NotImplemented', message: exception.message };
  if (exception instanceof ODataMethodNotAllowedError) return { status: 405, code: 'MethodNotAllowed', message: exception.message };
  return null;
}

/** OData error body { error: { code, message } }, OData-Version on every response (SPEC 5). */
@Catch()
export class ODataExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest<AuthenticatedRequest>();
    const problem = odataProblem(exception) ?? problemOf(exception, reply, req, true);
    if (exception instanceof ODataMethodNotAllowedError) reply.header('Allow', exception.allow);
    void reply
      .status(problem.status)
      .header('OData-Version', '4.0')
      .header('Content-Type', 'application/json; charset=utf-8')
      .send({ error: { code: problem.code, message: problem.message } });
  }
}
