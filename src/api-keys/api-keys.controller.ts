import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { Caller } from '../access/caller';
import { actorOf } from '../access/actor';
import { IdParam } from '../core/http/id-param';
import { UsersService } from '../users/users.service';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyMetadata } from './dto/api-key-metadata.dto';
import { IssuedApiKey } from './dto/issued-api-key.dto';

@ApiTags('API keys')
@Controller(':tenant/api/v1')
export class ApiKeysController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
  ) {}

  /**
   * Get my API key's metadata.
   *
   * @remarks When the caller's key was created, when it expires, when it was last used, and its
   * hint; never the key itself.
   * Credentials: a website session, or an API key as `Authorization: Bearer` or as Basic with an allowed key name (e.g. FeedKey) and the key.
   * 404 when the caller has no key.
   */
  @Get('me/api-key')
  @ApiOperation({ operationId: 'getMyApiKey' })
  @ApiOkResponse({ type: ApiKeyMetadata })
  @Authenticated({ credentials: ['session', 'api-key'] })
  @ApiErrors({ 404: 'Unknown tenant, or the caller has no key' })
  get(@CurrentCaller() caller: Caller): Promise<ApiKeyMetadata> {
    return this.apiKeys.getForUser(caller.tenant.id, caller.user.id);
  }

  /**
   * Generate my API key.
   *
   * @remarks Generates a key for the caller, replacing any previous one at once (the old key stops
   * working). The key is in this response only: it is not stored and cannot be shown again.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/API Key. 201 with the key.
   */
  @Post('me/api-key')
  @ApiOperation({ operationId: 'createMyApiKey' })
  @ApiErrors({ 404: 'Unknown tenant' })
  @Authenticated({ credentials: ['session'], role: 'Security/API Key' })
  @ApiCreatedResponse({ type: IssuedApiKey, description: 'The new key, shown once' })
  create(@CurrentCaller() caller: Caller): Promise<IssuedApiKey> {
    return this.apiKeys.issue(caller.tenant.id, caller.user, actorOf(caller));
  }

  /**
   * Delete my API key.
   *
   * @remarks Deletes the caller's key; it stops working at once.
   * Credentials: a website session, or an API key as `Authorization: Bearer` or as Basic with an allowed key name (e.g. FeedKey) and the key.
   * 204 when deleted; 404 when the caller has no key.
   */
  @Delete('me/api-key')
  @ApiOperation({ operationId: 'deleteMyApiKey' })
  @HttpCode(204)
  @Authenticated({ credentials: ['session', 'api-key'] })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({ 404: 'Unknown tenant, or the caller has no key' })
  delete(@CurrentCaller() caller: Caller): Promise<void> {
    return this.apiKeys.deleteForUser(caller.tenant.id, caller.user, actorOf(caller));
  }

  /**
   * Delete a user's API key.
   *
   * @remarks Deletes another user's key of this tenant; it stops working at once.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/Security. 204 when deleted; 404 for an unknown user or one without
   * a key.
   */
  @Delete('users/:id/api-key')
  @ApiOperation({ operationId: 'deleteUserApiKey' })
  @HttpCode(204)
  @Authenticated({ credentials: ['session'], role: 'Security/Security' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({ 400: 'id is not a positive integer', 404: 'Unknown tenant or user, or the user has no key' })
  async deleteForUser(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<void> {
    const user = await this.users.getById(caller.tenant.id, id);
    await this.apiKeys.deleteForUser(caller.tenant.id, user, actorOf(caller));
  }
}
