import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/auth.decorators';
import { ROLE_DESCRIPTIONS, ROLE_NAMES } from './role-catalogue';

@ApiTags('Roles')
@Controller(':tenant/api/v1/roles')
export class RolesController {
  /** The fixed role catalogue. */
  @Get()
  @Authenticated()
  list(): { name: string; description: string }[] {
    return ROLE_NAMES.map((name) => ({ name, description: ROLE_DESCRIPTIONS[name] }));
  }
}
