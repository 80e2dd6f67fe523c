import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

  /** How to connect an OData client with an API key: the feed URL and the allowed Basic user names. */
  @Get()
  @ApiOkResponse({ type: ODataConnection })
  @Authenticated()
  async get(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest): Promise<ODataConnection> {
    const base = serverBaseUrl(req, this.config);
    const { allowedApiKeyNames } = await this.settings.get();
    return { serviceRoot: `${base}/${caller.tenant.name}/odata/`, userNames: allowedApiKeyNames };
  }
}
