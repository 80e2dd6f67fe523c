import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { TenantsService } from '../tenants/tenants.service';
import { WebPagesService } from './web-pages.service';

/**
 * The tenant website (SPEC 5): the launch/sign-in page and PlanningSpace Web are one compiled
 * page; the script reads the path and talks to the JSON API. Only the shell comes from here.
 */
@ApiExcludeController()
@Controller(':tenant')
export class WebController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly pages: WebPagesService,
  ) {}

  @Get()
  @Public()
  launch(@Param('tenant') tenant: string, @Res() reply: FastifyReply): Promise<void> {
    return this.page(tenant, reply);
  }

  @Get('PlanningSpace')
  @Public()
  planningSpace(@Param('tenant') tenant: string, @Res() reply: FastifyReply): Promise<void> {
    return this.page(tenant, reply);
  }

  private async page(tenantName: string, reply: FastifyReply): Promise<void> {
    const tenant = await this.tenants.findByName(tenantName);
    const page = tenant ? this.pages.shell() : this.pages.notFound();
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
