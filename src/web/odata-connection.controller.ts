import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { Caller } from '../access/caller';
import { AuthenticatedRequest } from '../access/request';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { serverBaseUrl } from '../core/http/server-origin';
import { ServerSettingsService } from '../settings/server-settings.service';
import { ODataConnection } from './dto/odata-connection.dto';

@ApiTags('Tenant website')
@Controller(':tenant/api/v1/odata-connection')
export class ODataConnectionController {
  constructor(
    private readonly settings: ServerSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Get the OData connection details.
   *
   * @remarks How to connect Excel or Power BI with an API key: the tenant's feed URL and the Basic
   * user names that mean the password is an API key (for the Generate API Key page).
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   */
  @Get()
  @ApiOperation({ operationId: 'getODataConnection' })
  @ApiErrors({ 404: 'Unknown tenant' })
  @ApiOkResponse({ type: ODataConnection })
  @Authenticated()
  async get(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest): Promise<ODataConnection> {
    const base = serverBaseUrl(req, this.config);
    const { allowedApiKeyNames } = await this.settings.get();
    return { serviceRoot: `${base}/${caller.tenant.name}/odata/`, userNames: allowedApiKeyNames };
  }
}
