import { ApiProperty } from '@nestjs/swagger';
import { RoleName, RoleSetting } from '../../roles/role-catalogue';

export class WorkgroupView {
  @ApiProperty({ type: 'integer', minimum: 1, example: 3 })
  id: number;

  /** @example Analysts */
  name: string;

  /**
   * Administrators, Everyone or SecurityAdministrators for the built-in workgroups; null otherwise.
   */
  @ApiProperty({ type: 'string', nullable: true, example: null })
  builtIn: string | null;

  /** User ids of the members (Everyone's membership is implicit). */
  @ApiProperty({ type: 'array', items: { type: 'integer', minimum: 1 }, example: [7, 8] })
  members: number[];

  /** Role name → Allowed or Denied; roles not listed are neither. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: ['Allowed', 'Denied'] } })
  roles: Partial<Record<RoleName, RoleSetting>>;
}
