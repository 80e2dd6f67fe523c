import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { problemOf } from '../core/errors/problem';
import { escapeHtml } from '../core/http/escape-html';
import { TenantErrorCode } from '../tenants/tenants.service';
import { PAGE_CSP, plainPage } from './web-pages.service';

/** The HTML surface's filter: a page route's error is a small page, never a JSON body. */
@Catch()
export class WebPageExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const problem = problemOf(exception, `${req.method} ${req.routeOptions?.url ?? ''}`);
    const html =
      problem.code === (TenantErrorCode.NotFound as string)
        ? plainPage('Tenant not found', '<p>There is no tenant at this address. Check the URL you were given.</p>')
        : plainPage(STATUS_CODES[problem.status] ?? 'Error', `<p>${escapeHtml(problem.message)}</p>`);
    void reply
      .status(problem.status)
      .headers(problem.headers)
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .header('Content-Security-Policy', PAGE_CSP)
      .send(html);
  }
}
