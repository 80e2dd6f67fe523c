import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { CurrentTenant, DATABASE_UNAVAILABLE, Public, TenantParam } from '../access/auth.decorators';
import { TenantRef } from '../access/caller';
import { TenantInfo } from './dto/tenant-info.dto';

@ApiTags('Tenant website')
@Controller(':tenant/api/v1/tenant-info')
export class TenantInfoController {
  /**
   * Get tenant information.
   *
   * @remarks What the sign-in and launch pages need to know: the tenant's name, whether the
   * PlanningSpace Web button shows and which login methods are enabled. No credentials needed.
   */
  @Get()
  @ApiOperation({ operationId: 'getTenantInfo' })
  @ApiOkResponse({ type: TenantInfo })
  @Public()
  @TenantParam()
  @ApiErrors({ 404: 'Unknown tenant', 503: DATABASE_UNAVAILABLE })
  get(@CurrentTenant() tenant: TenantRef): TenantInfo {
    return { name: tenant.name, previewWebFeatures: tenant.previewWebFeatures, loginMethods: { local: tenant.loginLocal, saml2: tenant.loginSaml2 } };
  }
}
