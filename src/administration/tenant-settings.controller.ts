import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { actorOf } from '../access/actor';
import { Caller } from '../access/caller';
import { UpdateTenantSettingsDto } from '../settings/dto/tenant-settings.dto';
import { TenantSettingsView } from '../settings/dto/tenant-settings-view.dto';
import { TenantSettingsService } from './tenant-settings-change.use-case';
import { BodyLimit } from '../core/http/body-limit';

@ApiTags('Tenant settings')
@Controller(':tenant/api/v1/settings')
export class SettingsController {
  constructor(private readonly settings: TenantSettingsService) {}

  @Get()
  @ApiOkResponse({ type: TenantSettingsView })
  @Authenticated({ administrator: true })
  get(@CurrentCaller() caller: Caller): Promise<TenantSettingsView> {
    return this.settings.get(caller.tenant.id);
  }

  /** Merges the given fields (nested objects too). */
  // Two certificates of at most 20,000 characters are the largest part.
  @BodyLimit(64 * 1024)
  @Patch()
  @ApiOkResponse({ type: TenantSettingsView })
  @Authenticated({ administrator: true })
  @ApiBadRequestResponse({ description: 'Invalid body (the message names the field)' })
  @ApiConflictResponse({ description: 'Would leave no Administrator able to sign in, or SAML2 without PUBLIC_URL' })
  update(@CurrentCaller() caller: Caller, @Body() body: UpdateTenantSettingsDto): Promise<TenantSettingsView> {
    return this.settings.update(caller.tenant.id, body, actorOf(caller));
  }
}
