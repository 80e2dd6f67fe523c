import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiQuery, ApiResponse, ApiSeeOtherResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../access/api-errors.decorator';
import { FastifyReply } from 'fastify';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../core/config/app-config';
import { TenantsService } from '../../tenants/tenants.service';
import { AcceptsForm, DATABASE_UNAVAILABLE, Public, TenantParam } from '../../access/auth.decorators';
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

  /**
   * Start a SAML2 sign-in.
   *
   * @remarks Redirects (302) the browser to the tenant's identity provider with an AuthnRequest
   * (HTTP-Redirect binding); after sign-in the browser returns to RelayState, a local path.
   * No credentials needed. 403 when SAML2 sign-in is disabled or not configured.
   */
  @Get('login')
  @ApiOperation({ operationId: 'startSamlSignIn' })
  @Public()
  @TenantParam()
  @ApiQuery({ name: 'RelayState', required: false, description: 'A local path (one leading /) to open after sign-in' })
  @ApiFoundResponse({ description: 'Redirect to the identity provider' })
  @ApiErrors({ 403: 'SAML2 sign-in is disabled or not configured, or RelayState is not a local path', 404: 'Unknown tenant', 503: DATABASE_UNAVAILABLE })
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
   * Consume a SAML2 response.
   *
   * @remarks The assertion consumer (HTTP-POST binding, a form with SAMLResponse): on success the
   * session cookie is set and the browser redirected (303). Exempt from the same-origin rule (the
   * IdP posts it cross-site); InResponseTo and the one-time assertion id protect it instead.
   * No credentials needed. 401 when the response is refused (a small page for browsers, the error
   * body for clients asking for JSON).
   */
  @Post('acs')
  @ApiOperation({ operationId: 'consumeSamlResponse' })
  @Public()
  @TenantParam()
  @AcceptsForm()
  @ApiSeeOtherResponse({ description: 'Signed in: the session cookie is set; redirect to the RelayState path or the tenant home' })
  @ApiErrors({ 401: 'The response was refused (the reason is in the server log)', 404: 'Unknown tenant', 503: DATABASE_UNAVAILABLE })
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

  /**
   * Get the SAML2 service provider metadata.
   *
   * @remarks The SP metadata XML (application/samlmetadata+xml) to import at the identity
   * provider: entity ID and assertion consumer URL under PUBLIC_URL. No credentials needed.
   * 409 when PUBLIC_URL is not configured.
   */
  @Get('metadata')
  @ApiOperation({ operationId: 'getSamlMetadata' })
  @Public()
  @TenantParam()
  @ApiResponse({ status: 200, description: 'SAML 2.0 SP metadata', content: { [METADATA_TYPE]: { schema: { type: 'string' } } } })
  @ApiErrors({ 404: 'Unknown tenant', 409: 'PUBLIC_URL is not configured on the server', 503: DATABASE_UNAVAILABLE })
  async metadata(@Param('tenant') tenantName: string, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const tenant = await this.tenants.getByName(tenantName);
    req.urlTenant = tenant;
    const xml = await this.saml.metadata(tenant);
    void reply.header('Content-Type', `${METADATA_TYPE}; charset=utf-8`);
    return xml;
  }
}
