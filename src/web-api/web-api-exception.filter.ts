import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ErrorBody } from '../core/errors/error-body.dto';
import { Problem, problemOf } from '../core/errors/problem';

/** Web API error body { statusCode, error, message } (SPEC 5); headers as the error says. */
@Catch()
export class WebApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const problem = problemOf(exception, `${req.method} ${req.routeOptions?.url ?? ''}`);
    sendWebApiProblem(reply, problem);
  }
}

/** Writes a problem as the Web API error body (also used before Nest, by src/early-throttle.hook.ts). */
export function sendWebApiProblem(reply: FastifyReply, problem: Problem): void {
  // The shape the OpenAPI document declares for every Web API error.
  const body: ErrorBody = { statusCode: problem.status, error: STATUS_CODES[problem.status] ?? 'Error', message: problem.message };
  void reply.status(problem.status).headers(problem.headers).send(body);
}
