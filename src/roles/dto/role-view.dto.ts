/** A role of the fixed catalogue. */
export class RoleView {
  /**
   * The role's name, as used in workgroup roles.
   *
   * @example Data/Read
   */
  name: string;

  /** @example "Read planning data" */
  description: string;
}
