/** Who is making a change and from where: passed from controllers to services for the audit log. */
export interface Actor {
  /** User id; null for the IPS Administrator. */
  id: number | null;
  loginId: string;
  ip: string;
}
