import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { TenantsService } from './tenants.service';

export interface TenantInfo {
  name: string;
  previewWebFeatures: boolean;
  loginMethods: { local: boolean; saml2: boolean };
}

@ApiTags('Tenant website')
@Controller(':tenant/api/v1/tenant-info')
export class TenantInfoController {
  constructor(private readonly tenants: TenantsService) {}

  /** What the sign-in and launch pages need to know; public. */
  @Get()
  @Public()
  @ApiNotFoundResponse({ description: 'Unknown tenant' })
  async get(@Param('tenant') name: string): Promise<TenantInfo> {
    const tenant = await this.tenants.getByName(name);
    return { name: tenant.name, previewWebFeatures: tenant.previewWebFeatures, loginMethods: { local: tenant.loginLocal, saml2: tenant.loginSaml2 } };
  }
}
