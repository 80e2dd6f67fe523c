import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { Caller } from '../access/caller';
import { ChangePasswordDto } from './dto/change-password.dto';
import { setSessionCookie } from './session-cookie';
import { MeView } from './dto/me-view.dto';
import { SignInService } from './sign-in.service';
import { BodyLimit, SMALL_BODY } from '../core/http/body-limit';

@ApiTags('Me')
@Controller(':tenant/api/v1/me')
export class MeController {
  constructor(
    private readonly signIn: SignInService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The caller: id, loginId, type, displayName and the roles held now. */
  @Get()
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

  /** Changes the caller's password; all their sessions end and this one is renewed. */
  @BodyLimit(SMALL_BODY)
  @Post('password')
  @HttpCode(204)
  @Authenticated({ credentials: ['session'], duringPasswordChange: true })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiBadRequestResponse({ description: 'Wrong currentPassword or newPassword too short' })
  async changePassword(@CurrentCaller() caller: Caller, @Body() body: ChangePasswordDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = await this.signIn.changePassword(caller.tenant, caller.user, body.currentPassword, body.newPassword, caller.ip);
    setSessionCookie(reply, caller.tenant, token, this.config);
  }
}
