import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

  /** Metadata of the caller's key (never the key). */
  @Get('me/api-key')
  @ApiOkResponse({ type: ApiKeyMetadata })
  @Authenticated({ credentials: ['session', 'api-key'] })
  @ApiNotFoundResponse({ description: 'The caller has no key' })
  get(@CurrentCaller() caller: Caller): Promise<ApiKeyMetadata> {
    return this.apiKeys.getForUser(caller.tenant.id, caller.user.id);
  }

  /**
   * Generates a key for the caller, replacing any previous one at once. The key is in this
   * response only: it is not stored and cannot be shown again. Website session only.
   */
  @Post('me/api-key')
  @Authenticated({ credentials: ['session'], role: 'Security/API Key' })
  @ApiCreatedResponse({ type: IssuedApiKey, description: 'The new key, shown once' })
  create(@CurrentCaller() caller: Caller): Promise<IssuedApiKey> {
    return this.apiKeys.issue(caller.tenant.id, caller.user, actorOf(caller));
  }

  @Delete('me/api-key')
  @HttpCode(204)
  @Authenticated({ credentials: ['session', 'api-key'] })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'The caller has no key' })
  delete(@CurrentCaller() caller: Caller): Promise<void> {
    return this.apiKeys.deleteForUser(caller.tenant.id, caller.user, actorOf(caller));
  }

  /** Deletes another user's key (Security/Security holders and Administrators). */
  @Delete('users/:id/api-key')
  @HttpCode(204)
  @Authenticated({ credentials: ['session'], role: 'Security/Security' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ description: 'id is not an integer' })
  @ApiNotFoundResponse({ description: 'Unknown user, or the user has no key' })
  async deleteForUser(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<void> {
    const user = await this.users.getById(caller.tenant.id, id);
    await this.apiKeys.deleteForUser(caller.tenant.id, user, actorOf(caller));
  }
}
