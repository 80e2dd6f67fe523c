import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { isODataUrl } from './odata/odata-edge';
import { ODataExceptionFilter } from './odata/odata-exception.filter';
import { WebApiExceptionFilter } from './web-api/web-api-exception.filter';

/**
 * The global filter: errors that no controller's own filter caught (an unrouted method, say)
 * are answered in the body of the surface their URL belongs to.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly odata = new ODataExceptionFilter();
  private readonly webApi = new WebApiExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    (isODataUrl(req.url) ? this.odata : this.webApi).catch(exception, host);
  }
}
