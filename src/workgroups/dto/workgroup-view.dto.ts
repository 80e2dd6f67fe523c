import { ApiProperty } from '@nestjs/swagger';
import { RoleName, RoleSetting } from '../../roles/role-catalogue';

export class WorkgroupView {
  id: number;

  name: string;

  /** Administrators, Everyone or SecurityAdministrators for the built-in workgroups; null otherwise. */
  builtIn: string | null;

  /** User ids of the members (Everyone's membership is implicit). */
  members: number[];

  /** Role name → Allowed or Denied; roles not listed are neither. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: ['Allowed', 'Denied'] } })
  roles: Partial<Record<RoleName, RoleSetting>>;
}
