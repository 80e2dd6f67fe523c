import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../access/auth.decorators';
import { TenantInfo } from './dto/tenant-info.dto';
import { TenantsService } from './tenants.service';

@ApiTags('Tenant website')
@Controller(':tenant/api/v1/tenant-info')
export class TenantInfoController {
  constructor(private readonly tenants: TenantsService) {}

  /** What the sign-in and launch pages need to know; public. */
  @Get()
  @ApiOkResponse({ type: TenantInfo })
  @Public()
  @ApiNotFoundResponse({ description: 'Unknown tenant' })
  async get(@Param('tenant') name: string): Promise<TenantInfo> {
    const tenant = await this.tenants.getByName(name);
    return { name: tenant.name, previewWebFeatures: tenant.previewWebFeatures, loginMethods: { local: tenant.loginLocal, saml2: tenant.loginSaml2 } };
  }
}
