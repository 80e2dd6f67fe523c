import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { AcceptsForm, CurrentTenant, Public, TenantParam } from '../access/auth.decorators';
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

/** Tenant website sign-in and sign-out (SPEC 5 "Tenant website", "Sessions"). */
@ApiTags('Sign-in')
@Controller(':tenant/auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Signs in with loginId and password: JSON gets 200 with the /me object, the page's form a 303 to the launch page. */
  @BodyLimit(SMALL_BODY)
  @Post('login')
  @Public()
  @TenantParam()
  @AcceptsForm()
  @HttpCode(200)
  @ApiOkResponse({ type: MeView, description: 'Signed in (JSON); the session cookie is set. A form post gets a 303 to the launch page instead.' })
  @ApiBadRequestResponse({ description: 'Malformed body' })
  @ApiUnauthorizedResponse({ description: 'Wrong loginId or password' })
  @ApiForbiddenResponse({ description: 'Cross-origin form, locked or deactivated account, or Local sign-in disabled' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins from this address' })
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

  /** Ends the session (server-side) and clears the cookie. */
  @Post('logout')
  @Public()
  @TenantParam()
  @AcceptsForm()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiForbiddenResponse({ description: 'Cross-origin request' })
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
