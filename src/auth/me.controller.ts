import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { FastifyReply } from 'fastify';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { Caller } from '../access/caller';
import { ChangePasswordDto } from './dto/change-password.dto';
import { setSessionCookie } from './session-cookie';
import { MeView } from './dto/me-view.dto';
import { SignInService } from './sign-in.service';
import { BodyLimit, SMALL_BODY } from '../core/http/body-limit';
import { keysWorthValidating } from '../core/validation/unknown-properties';

@ApiTags('Me')
@ApiErrors({ 404: 'Unknown tenant' })
@Controller(':tenant/api/v1/me')
export class MeController {
  constructor(
    private readonly signIn: SignInService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Get the caller.
   *
   * @remarks Who the credentials belong to: id, loginId, type, displayName, the roles held now and
   * whether the password must be changed first. Also answers while a generated password must
   * still be changed.
   * Credentials: a website session, or an API key as `Authorization: Bearer` or as Basic with an allowed key name (e.g. FeedKey) and the key.
   */
  @Get()
  @ApiOperation({ operationId: 'getMe' })
  @ApiOkResponse({ type: MeView })
  @Authenticated({ credentials: ['session', 'api-key'], duringPasswordChange: true })
  me(@CurrentCaller() caller: Caller): MeView {
    return {
      id: caller.user.id,
      loginId: caller.user.loginId,
      type: caller.user.type,
      displayName: caller.user.displayName,
      roles: caller.roles,
      mustChangePassword: caller.user.mustChangePassword,
    };
  }

  /**
   * Change my password.
   *
   * @remarks Changes the caller's password (Local accounts); all their other sessions end and this
   * one gets a new session cookie. A wrong currentPassword counts as a failed credential.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * 204 when changed; 400 for a wrong currentPassword or a newPassword shorter than 12 characters.
   */
  @BodyLimit(SMALL_BODY, { keys: keysWorthValidating(ChangePasswordDto) })
  @Post('password')
  @ApiOperation({ operationId: 'changeMyPassword' })
  @HttpCode(204)
  @Authenticated({ credentials: ['session'], duringPasswordChange: true })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiErrors({ 400: 'Wrong currentPassword or newPassword too short' })
  async changePassword(@CurrentCaller() caller: Caller, @Body() body: ChangePasswordDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = await this.signIn.changePassword(caller.tenant, caller.user, body.currentPassword, body.newPassword, caller.ip);
    setSessionCookie(reply, caller.tenant, token, this.config);
  }
}
