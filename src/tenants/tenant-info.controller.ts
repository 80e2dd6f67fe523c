import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentTenant, Public, TenantParam } from '../access/auth.decorators';
import { TenantRef } from '../access/caller';
import { TenantInfo } from './dto/tenant-info.dto';

@ApiTags('Tenant website')
@Controller(':tenant/api/v1/tenant-info')
export class TenantInfoController {
  /** What the sign-in and launch pages need to know; public. */
  @Get()
  @ApiOkResponse({ type: TenantInfo })
  @Public()
  @TenantParam()
  @ApiNotFoundResponse({ description: 'Unknown tenant' })
  get(@CurrentTenant() tenant: TenantRef): TenantInfo {
    return { name: tenant.name, previewWebFeatures: tenant.previewWebFeatures, loginMethods: { local: tenant.loginLocal, saml2: tenant.loginSaml2 } };
  }
}
