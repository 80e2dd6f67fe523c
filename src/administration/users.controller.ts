import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { Caller } from '../access/caller';
import { IdParam } from '../core/http/id-param';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserView } from '../users/dto/user-view.dto';
import { UserAdministrationService } from './user-administration.use-case';

@ApiTags('Users')
@ApiErrors({ 404: 'Unknown tenant or user' })
@Controller(':tenant/api/v1/users')
export class UsersController {
  constructor(private readonly administration: UserAdministrationService) {}

  /**
   * List users.
   *
   * @remarks Every user of the tenant, with their workgroups and API key metadata (never a key).
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/Security.
   */
  @Get()
  @ApiOperation({ operationId: 'listUsers' })
  @ApiOkResponse({ type: [UserView] })
  @Authenticated({ role: 'Security/Security' })
  list(@CurrentCaller() caller: Caller): Promise<UserView[]> {
    return this.administration.list(caller.tenant.id);
  }

  /**
   * Create a user.
   *
   * @remarks Creates a Local account (password required, at least 12 characters) or a SAML2
   * account (no password; loginId is the NameID).
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/Security. 201 with the user; 400 names the invalid field; 409 when
   * the loginId exists (case-insensitively).
   */
  @Post()
  @ApiOperation({ operationId: 'createUser' })
  @ApiCreatedResponse({ type: UserView })
  @Authenticated({ role: 'Security/Security' })
  @ApiErrors({ 400: 'Invalid body (the message names the field)', 409: 'loginId already exists (case-insensitively)' })
  create(@CurrentCaller() caller: Caller, @Body() body: CreateUserDto): Promise<UserView> {
    return this.administration.create(caller, body);
  }

  /**
   * Get a user.
   *
   * @remarks One user by id, with their workgroups and API key metadata.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/Security. 404 when the user does not exist in this tenant.
   */
  @Get(':id')
  @ApiOperation({ operationId: 'getUser' })
  @ApiOkResponse({ type: UserView })
  @Authenticated({ role: 'Security/Security' })
  @ApiErrors({ 400: 'id is not a positive integer' })
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<UserView> {
    return this.administration.get(caller.tenant.id, id);
  }

  /**
   * Change a user.
   *
   * @remarks Changes the fields given: display name, password, locked, deactivated, apiAccess.
   * Locking, deactivating or a new password ends the user's sessions. Only Administrators may
   * change Administrators.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/Security. 400 names the invalid field; 409 when it would lock out
   * the last Administrator able to sign in.
   */
  @Patch(':id')
  @ApiOperation({ operationId: 'updateUser' })
  @ApiOkResponse({ type: UserView })
  @Authenticated({ role: 'Security/Security' })
  @ApiErrors({ 400: 'Invalid body (the message names the field) or id', 409: 'Would lock out the last Administrator' })
  update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() body: UpdateUserDto): Promise<UserView> {
    return this.administration.update(caller, id, body);
  }
}
