/** The signed-in caller (GET /me, and the JSON answer of a sign-in). */
export class MeView {
  id: number;

  loginId: string;

  /** Account type: Local or SAML2. */
  type: string;

  displayName: string;

  /** The roles the caller holds now, in catalogue order (Administrators hold every role). */
  roles: string[];

  /** true: the password must be changed (POST /me/password) before anything else is allowed. */
  mustChangePassword: boolean;
}
