import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { FastifyReply } from 'fastify';
import { AcceptsForm, CurrentTenant, DATABASE_UNAVAILABLE, Public, TenantParam } from '../access/auth.decorators';
import { crossOrigin } from '../access/auth.errors';
import { TenantRef } from '../access/caller';
import { AuthenticatedRequest, SESSION_COOKIE } from '../access/request';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { isFormPost } from '../core/http/media-type';
import { hasSameOrigin } from '../core/http/server-origin';
import { LoginDto } from './dto/login.dto';
import { MeView } from './dto/me-view.dto';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { SignInService } from './sign-in.service';
import { BodyLimit, SMALL_BODY } from '../core/http/body-limit';
import { keysWorthValidating } from '../core/validation/unknown-properties';

/** Tenant website sign-in and sign-out (SPEC 5 "Tenant website", "Sessions"). */
@ApiTags('Sign-in')
@Controller(':tenant/auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Sign in.
   *
   * @remarks Signs in with loginId and password and sets the session cookie: JSON gets 200 with the
   * /me object, the website's form (application/x-www-form-urlencoded) a 303 to the launch page.
   * No credentials needed; a request with an Origin must be same-origin. Failed sign-ins count
   * towards the per-address throttle (429).
   */
  @BodyLimit(SMALL_BODY, { keys: keysWorthValidating(LoginDto) })
  @Post('login')
  @ApiOperation({ operationId: 'signIn' })
  @Public()
  @TenantParam()
  @AcceptsForm()
  @HttpCode(200)
  @ApiOkResponse({ type: MeView, description: 'Signed in (JSON); the session cookie is set. A form post gets a 303 to the launch page instead.' })
  @ApiErrors({
    400: 'Malformed body',
    401: 'Wrong loginId or password',
    403: 'Cross-origin form, locked or deactivated account, or Local sign-in disabled',
    404: 'Unknown tenant',
    429: 'Too many failed sign-ins from this address; retry after the Retry-After seconds',
    503: DATABASE_UNAVAILABLE,
  })
  async login(
    @CurrentTenant() tenant: TenantRef,
    @Body() body: LoginDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeView | void> {
    // Login CSRF: a form must come from our own page; JSON cannot be sent cross-site without CORS.
    if ((isFormPost(req) || req.headers.origin !== undefined) && !hasSameOrigin(req, this.config)) throw crossOrigin();
    const { token, user } = await this.signIn.signInWithPassword(tenant, body.loginId, body.password, req.clientIp);
    setSessionCookie(reply, tenant, token, this.config);
    if (isFormPost(req)) {
      void reply.status(303).header('Location', `/${tenant.name}/`);
      return;
    }
    return this.signIn.me(user);
  }

  /**
   * Sign out.
   *
   * @remarks Ends the session server-side and clears the cookie: 204 for JSON, 303 to the launch
   * page for the website's form. No credentials needed; with a session cookie the request must
   * be same-origin (403 otherwise).
   */
  @Post('logout')
  @ApiOperation({ operationId: 'signOut' })
  @Public()
  @TenantParam()
  @AcceptsForm()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiErrors({ 403: 'Cross-origin request', 404: 'Unknown tenant', 503: DATABASE_UNAVAILABLE })
  async logout(@CurrentTenant() tenant: TenantRef, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) {
      if (!hasSameOrigin(req, this.config)) throw crossOrigin();
      await this.signIn.signOut(token);
    }
    clearSessionCookie(reply, tenant, this.config);
    if (isFormPost(req)) void reply.status(303).header('Location', `/${tenant.name}/`);
  }
}
