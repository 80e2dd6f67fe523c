import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { actorOf } from '../access/actor';
import { Caller } from '../access/caller';
import { LoginMethodsDto, SamlSettingsDto, UpdateTenantSettingsDto } from '../settings/dto/tenant-settings.dto';
import { TenantSettingsView } from '../settings/dto/tenant-settings-view.dto';
import { TenantSettingsService } from './tenant-settings-change.use-case';
import { BodyLimit } from '../core/http/body-limit';
import { keysWorthValidating } from '../core/validation/unknown-properties';

@ApiTags('Tenant settings')
@ApiErrors({ 404: 'Unknown tenant' })
@Controller(':tenant/api/v1/settings')
export class SettingsController {
  constructor(private readonly settings: TenantSettingsService) {}

  /**
   * Get the tenant settings.
   *
   * @remarks The tenant's settings: preview web features, API access, login methods and the SAML2
   * identity provider.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs membership of Administrators.
   */
  @Get()
  @ApiOperation({ operationId: 'getTenantSettings' })
  @ApiOkResponse({ type: TenantSettingsView })
  @Authenticated({ administrator: true })
  get(@CurrentCaller() caller: Caller): Promise<TenantSettingsView> {
    return this.settings.get(caller.tenant.id);
  }

  /**
   * Change the tenant settings.
   *
   * @remarks Merges the given fields, nested objects too; fields left out keep their value.
   * Disabling a login method also blocks API-key access of accounts of that type and ends their
   * sessions.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs membership of Administrators. 400 names the invalid field; 409 when the change would
   * leave no Administrator able to sign in, or enables SAML2 without PUBLIC_URL.
   */
  // Two certificates of at most 20,000 characters are the largest part.
  @BodyLimit(64 * 1024, { keys: keysWorthValidating(UpdateTenantSettingsDto, LoginMethodsDto, SamlSettingsDto) })
  @Patch()
  @ApiOperation({ operationId: 'updateTenantSettings' })
  @ApiOkResponse({ type: TenantSettingsView })
  @Authenticated({ administrator: true })
  @ApiErrors({ 400: 'Invalid body (the message names the field)', 409: 'Would leave no Administrator able to sign in, or SAML2 without PUBLIC_URL' })
  update(@CurrentCaller() caller: Caller, @Body() body: UpdateTenantSettingsDto): Promise<TenantSettingsView> {
    return this.settings.update(caller.tenant.id, body, actorOf(caller));
  }
}
