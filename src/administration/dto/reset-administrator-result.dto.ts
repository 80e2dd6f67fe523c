/** The tenant's Administrator whose password was reset (and who was unlocked). */
export class ResetAdministratorResult {
  /** The user id of the tenant's Administrator. */
  id: number;

  loginId: string;
}
