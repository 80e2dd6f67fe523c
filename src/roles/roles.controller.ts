import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../access/auth.decorators';
import { RoleView } from './dto/role-view.dto';
import { ROLE_DESCRIPTIONS, ROLE_NAMES } from './role-catalogue';

@ApiTags('Roles')
@Controller(':tenant/api/v1/roles')
export class RolesController {
  /** The fixed role catalogue. */
  @Get()
  @ApiOkResponse({ type: [RoleView] })
  @Authenticated()
  list(): RoleView[] {
    return ROLE_NAMES.map((name) => ({ name, description: ROLE_DESCRIPTIONS[name] }));
  }
}
