import { ApiProperty } from '@nestjs/swagger';

/** The signed-in caller (GET /me, and the JSON answer of a sign-in). */
export class MeView {
  @ApiProperty({ type: 'integer', minimum: 1, example: 7 })
  id: number;

  /** @example analyst */
  loginId: string;

  /**
   * Account type: Local or SAML2.
   *
   * @example Local
   */
  type: string;

  /** @example "Ada Analyst" */
  displayName: string;

  /**
   * The roles the caller holds now, in catalogue order (Administrators hold every role).
   *
   * @example ["Security/API Key", "Data/Read"]
   */
  roles: string[];

  /**
   * true: the password must be changed (POST /me/password) before anything else is allowed.
   *
   * @example false
   */
  mustChangePassword: boolean;
}
