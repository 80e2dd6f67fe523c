import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { Caller } from '../access/caller';
import { IdParam } from '../core/http/id-param';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserView } from '../users/dto/user-view.dto';
import { UserAdministrationService } from './user-administration.use-case';

@ApiTags('Users')
@ApiNotFoundResponse({ description: 'Unknown tenant or user' })
@Controller(':tenant/api/v1/users')
export class UsersController {
  constructor(private readonly administration: UserAdministrationService) {}

  /** Every user of the tenant, with workgroups and API key metadata. */
  @Get()
  @ApiOkResponse({ type: [UserView] })
  @Authenticated({ role: 'Security/Security' })
  list(@CurrentCaller() caller: Caller): Promise<UserView[]> {
    return this.administration.list(caller.tenant.id);
  }

  /** Creates a Local (with password) or SAML2 (without) account. */
  @Post()
  @ApiCreatedResponse({ type: UserView })
  @Authenticated({ role: 'Security/Security' })
  @ApiBadRequestResponse({ description: 'Invalid body (the message names the field)' })
  @ApiConflictResponse({ description: 'loginId already exists (case-insensitively)' })
  create(@CurrentCaller() caller: Caller, @Body() body: CreateUserDto): Promise<UserView> {
    return this.administration.create(caller, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserView })
  @Authenticated({ role: 'Security/Security' })
  @ApiBadRequestResponse({ description: 'id is not an integer' })
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<UserView> {
    return this.administration.get(caller.tenant.id, id);
  }

  /** Changes display name, password, locked, deactivated or apiAccess. */
  @Patch(':id')
  @ApiOkResponse({ type: UserView })
  @Authenticated({ role: 'Security/Security' })
  @ApiBadRequestResponse({ description: 'Invalid body (the message names the field)' })
  @ApiConflictResponse({ description: 'Would lock out the last Administrator' })
  update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() body: UpdateUserDto): Promise<UserView> {
    return this.administration.update(caller, id, body);
  }
}
