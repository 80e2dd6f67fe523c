import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ODataErrorBody } from '../core/errors/error-body.dto';
import { Problem, problemOf } from '../core/errors/problem';
import { queryOverflowMessage } from './odata-edge';
import { ODataErrorCode } from './query/odata-errors';

/** OData error body { error: { code, message } } with OData-Version, on every OData error (SPEC 5). */
@Catch()
export class ODataExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    // A database error the client's own expression caused (an overflow) is its 400, not our 500.
    const overflow = queryOverflowMessage(exception);
    const problem =
      overflow !== null
        ? { status: 400, code: ODataErrorCode.BadRequest, message: overflow, headers: {} }
        : problemOf(exception, `${req.method} ${req.routeOptions?.url ?? ''}`);
    sendODataProblem(reply, problem);
  }
}

/** Writes a problem as the OData error body (also used before Nest, by src/early-throttle.hook.ts). */
export function sendODataProblem(reply: FastifyReply, problem: Problem): void {
  // The shape the OpenAPI document declares for every OData error.
  const body: ODataErrorBody = { error: { code: problem.code, message: problem.message } };
  void reply
    .status(problem.status)
    .headers(problem.headers)
    .header('OData-Version', '4.0')
    .header('Content-Type', 'application/json; charset=utf-8')
    .send(body);
}
