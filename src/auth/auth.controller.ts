import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { forbidden } from '../core/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { TenantsService } from '../tenants/tenants.service';
import { AcceptsForm, Public } from '../access/auth.decorators';
import { AuthErrorCode } from '../access/auth.errors';
import { LoginDto } from './dto/login.dto';
import { AuthenticatedRequest, SESSION_COOKIE } from '../access/request';
import { hasSameOrigin } from '../core/http/server-origin';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { MeView } from './dto/me-view.dto';
import { SignInService } from './sign-in.service';

const isForm = (req: AuthenticatedRequest) => (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

/** Tenant website sign-in and sign-out (SPEC 5 "Tenant website", "Sessions"). */
@ApiTags('Sign-in')
@Controller(':tenant/auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly tenants: TenantsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Signs in with loginId and password: JSON gets 200 with the /me object, the page's form a 303 to the launch page. */
  @Post('login')
  @Public()
  @AcceptsForm()
  @HttpCode(200)
  @ApiOkResponse({ type: MeView, description: 'Signed in (JSON); the session cookie is set. A form post gets a 303 to the launch page instead.' })
  @ApiBadRequestResponse({ description: 'Malformed body' })
  @ApiUnauthorizedResponse({ description: 'Wrong loginId or password' })
  @ApiForbiddenResponse({ description: 'Cross-origin form, locked or deactivated account, or Local sign-in disabled' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins from this address' })
  async login(@Param('tenant') tenantName: string, @Body() body: LoginDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeView | void> {
    const tenant = await this.tenants.getByName(tenantName);
    req.urlTenant = tenant;
    // Login CSRF: a form must come from our own page; JSON cannot be sent cross-site without CORS.
    if ((isForm(req) || req.headers.origin !== undefined) && !hasSameOrigin(req, this.config)) {
      throw forbidden(AuthErrorCode.CrossOrigin, 'Cross-origin sign-in refused');
    }
    const { token, user } = await this.signIn.signIn(tenant, body.loginId, body.password, req.clientIp);
    setSessionCookie(reply, tenant, token, this.config);
    if (isForm(req)) {
      void reply.status(303).header('Location', `/${tenant.name}/`);
      return;
    }
    return this.signIn.me(user);
  }

  /** Ends the session (server-side) and clears the cookie. */
  @Post('logout')
  @Public()
  @AcceptsForm()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiForbiddenResponse({ description: 'Cross-origin request' })
  async logout(@Param('tenant') tenantName: string, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const tenant = await this.tenants.getByName(tenantName);
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) {
      if (!hasSameOrigin(req, this.config)) throw forbidden(AuthErrorCode.CrossOrigin, 'Cross-origin request refused: a same-origin Origin header is required');
      await this.signIn.signOut(token);
    }
    clearSessionCookie(reply, tenant, this.config);
    if (isForm(req)) void reply.status(303).header('Location', `/${tenant.name}/`);
  }
}
