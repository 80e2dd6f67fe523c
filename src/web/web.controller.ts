import { Controller, Get, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Public } from '../access/auth.decorators';
import { WebPageExceptionFilter } from './web-page-exception.filter';
import { WebPagesService } from './web-pages.service';

/**
 * The tenant website (SPEC 5): the launch/sign-in page and PlanningSpace Web are one compiled
 * page; the script reads the path and talks to the JSON API. Only the shell comes from here.
 */
@ApiExcludeController()
@UseFilters(WebPageExceptionFilter)
@Controller(':tenant')
export class WebController {
  constructor(private readonly pages: WebPagesService) {}

  // The guard resolved the URL's tenant: an unknown one never gets here (the filter's 404 page).
  @Get()
  @Public()
  launch(@Res() reply: FastifyReply): void {
    this.page(reply);
  }

  @Get('PlanningSpace')
  @Public()
  planningSpace(@Res() reply: FastifyReply): void {
    this.page(reply);
  }

  private page(reply: FastifyReply): void {
    const page = this.pages.shell();
    void reply
      .status(page.status)
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', this.pages.contentSecurityPolicy)
      .send(page.html);
  }
}

/** The server's own address: a plain page pointing to the tenant websites and the API docs. */
@ApiExcludeController()
@Controller()
export class ServerHomeController {
  constructor(private readonly pages: WebPagesService) {}

  @Get()
  @Public()
  home(@Res() reply: FastifyReply): void {
    void reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', this.pages.contentSecurityPolicy)
      .send(this.pages.home().html);
  }
}
