import { ApiProperty } from '@nestjs/swagger';

/** The tenant's Administrator whose password was reset (and who was unlocked). */
export class ResetAdministratorResult {
  /** The user id of the tenant's Administrator. */
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  id: number;

  /** @example Administrator */
  loginId: string;
}
