import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { Authenticated } from '../access/auth.decorators';
import { RoleView } from './dto/role-view.dto';
import { ROLE_DESCRIPTIONS, ROLE_NAMES } from './role-catalogue';

@ApiTags('Roles')
@Controller(':tenant/api/v1/roles')
export class RolesController {
  /**
   * List roles.
   *
   * @remarks The fixed role catalogue with what each role allows; workgroups allow or deny these.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   */
  @Get()
  @ApiOperation({ operationId: 'listRoles' })
  @ApiErrors({ 404: 'Unknown tenant' })
  @ApiOkResponse({ type: [RoleView] })
  @Authenticated()
  list(): RoleView[] {
    return ROLE_NAMES.map((name) => ({ name, description: ROLE_DESCRIPTIONS[name] }));
  }
}
