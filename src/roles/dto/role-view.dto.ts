/** A role of the fixed catalogue. */
export class RoleView {
  /** The role's name, as used in workgroup roles. */
  name: string;

  description: string;
}
