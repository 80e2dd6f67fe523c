import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { AuthenticatedRequest } from '../auth/request';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { publicBaseUrl } from '../odata/odata-request';
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
    const base = publicBaseUrl({
      publicUrl: this.config.publicUrl,
      trustProxy: this.config.trustProxy,
      socketAddress: req.raw.socket.remoteAddress,
      protocol: req.protocol,
      headers: req.headers,
      fallbackHost: `${this.config.host}:${this.config.port}`,
    });
    const { allowedApiKeyNames } = await this.settings.get();
    return { serviceRoot: `${base}/${caller.tenant.name}/odata/`, userNames: allowedApiKeyNames };
  }
}
