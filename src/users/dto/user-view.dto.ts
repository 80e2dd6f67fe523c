import { ApiProperty } from '@nestjs/swagger';
import { ApiKeyMetadata } from '../../api-keys/dto/api-key-metadata.dto';

/** A user as the administration pages and Web API see it. */
export class UserView {
  @ApiProperty({ type: 'integer', minimum: 1, example: 7 })
  id: number;

  /**
   * Unique within the tenant (case-insensitively).
   *
   * @example analyst
   */
  loginId: string;

  /**
   * Account type: Local (password) or SAML2 (single sign-on).
   *
   * @example Local
   */
  type: string;

  /** @example "Ada Analyst" */
  displayName: string;

  /**
   * A locked user cannot sign in or use a key.
   *
   * @example false
   */
  locked: boolean;

  /**
   * A deactivated user cannot sign in or use a key.
   *
   * @example false
   */
  deactivated: boolean;

  /**
   * false: the user's API key is refused.
   *
   * @example true
   */
  apiAccess: boolean;

  /**
   * Names of the workgroups the user is a member of.
   *
   * @example ["Everyone", "Analysts"]
   */
  workgroups: string[];

  /** The user's key, or null when the user has none. */
  // Explicit: the plugin under ts-jest (test/support) cannot resolve classes of other files.
  @ApiProperty({ type: () => ApiKeyMetadata, nullable: true })
  apiKey: ApiKeyMetadata | null;
}
