import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiSeeOtherResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../core/config/app-config';
import { TenantsService } from '../../tenants/tenants.service';
import { AcceptsForm, Public } from '../../access/auth.decorators';
import { AuthenticatedRequest } from '../../access/request';
import { setSessionCookie } from '../session-cookie';
import { SamlSignOnService } from './saml-sign-on.service';
import { SamlSignOnRejectedError } from './saml.errors';

const METADATA_TYPE = 'application/samlmetadata+xml';

/** A browser gets a small page; a client that asks for JSON the Web API error body. */
function prefersJson(accept: string | undefined): boolean {
  const value = (accept ?? '').toLowerCase();
  return value.includes('application/json') && !value.includes('text/html');
}

const REJECTED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in failed</title></head>
<body><h1>Sign-in failed</h1><p>Single sign-on failed. Please try again or contact your administrator.</p></body></html>
`;

/** SAML2 single sign-on (SPEC 5 "Tenant website"): public by nature. */
@ApiTags('Sign-in')
@Controller(':tenant/auth/saml')
export class SamlController {
  constructor(
    private readonly saml: SamlSignOnService,
    private readonly tenants: TenantsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Redirects to the tenant's identity provider with an AuthnRequest (HTTP-Redirect binding). */
  @Get('login')
  @Public()
  @ApiQuery({ name: 'RelayState', required: false, description: 'A local path (one leading /) to open after sign-in' })
  @ApiFoundResponse({ description: 'Redirect to the identity provider' })
  @ApiForbiddenResponse({ description: 'SAML2 sign-in is disabled or not configured, or RelayState is not a local path' })
  @ApiNotFoundResponse({ description: 'Unknown tenant' })
  async login(
    @Param('tenant') tenantName: string,
    @Query('RelayState') relayState: unknown,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const tenant = await this.tenants.getByName(tenantName);
    req.urlTenant = tenant;
    void reply
      .status(302)
      .header('Location', await this.saml.loginRedirect(tenant, relayState))
      .header('Cache-Control', 'no-store');
  }

  /**
   * The assertion consumer (HTTP-POST binding). Exempt from the same-origin rule (the IdP
   * posts it cross-site); InResponseTo and the one-time assertion id protect it instead.
   */
  @Post('acs')
  @Public()
  @AcceptsForm()
  @ApiSeeOtherResponse({ description: 'Signed in: the session cookie is set; redirect to the RelayState path or the tenant home' })
  @ApiUnauthorizedResponse({ description: 'The response was refused (the reason is in the server log)' })
  @ApiNotFoundResponse({ description: 'Unknown tenant' })
  async acs(
    @Param('tenant') tenantName: string,
    @Body() form: Record<string, unknown>,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | void> {
    const tenant = await this.tenants.getByName(tenantName);
    req.urlTenant = tenant;
    try {
      const signOn = await this.saml.consume(tenant, form, req.clientIp);
      setSessionCookie(reply, tenant, signOn.token, this.config);
      void reply.status(303).header('Location', signOn.location).header('Cache-Control', 'no-store');
    } catch (error) {
      if (!(error instanceof SamlSignOnRejectedError) || prefersJson(req.headers.accept)) throw error;
      void reply.status(401).header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-store');
      return REJECTED_PAGE;
    }
  }

  /** The SP metadata XML: entity ID and assertion consumer URL under PUBLIC_URL. */
  @Get('metadata')
  @Public()
  @ApiProduces(METADATA_TYPE)
  @ApiResponse({ status: 200, description: 'SAML 2.0 SP metadata', content: { [METADATA_TYPE]: { schema: { type: 'string' } } } })
  @ApiConflictResponse({ description: 'PUBLIC_URL is not configured on the server' })
  @ApiNotFoundResponse({ description: 'Unknown tenant' })
  async metadata(@Param('tenant') tenantName: string, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const tenant = await this.tenants.getByName(tenantName);
    req.urlTenant = tenant;
    const xml = await this.saml.metadata(tenant);
    void reply.header('Content-Type', `${METADATA_TYPE}; charset=utf-8`);
    return xml;
  }
}
