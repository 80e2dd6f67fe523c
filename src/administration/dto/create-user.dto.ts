import { OptionalNotNull } from '../../core/validation/optional-not-null';
import { IsBoolean, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateUserDto {
  /**
   * Unique in the tenant, case-insensitively; for SAML2 accounts the NameID (e.g. first.last@domain.mycompany.com).
   *
   * @example analyst
   */
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  // It is the Basic user name of a Local OData sign-in: RFC 7617 allows neither a colon nor a control character in one.
  @Matches(/^[^\s:\p{Cc}][^:\p{Cc}]*$/u, { message: 'loginId must not start with a space nor contain a colon or a control character' })
  loginId: string;

  /** @example Local */
  @IsIn(['Local', 'SAML2'])
  type: 'Local' | 'SAML2';

  /** @example "Ada Analyst" */
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  displayName?: string;

  /**
   * Required for Local accounts (at least 12 characters), refused for SAML2.
   *
   * @example "a long initial password"
   */
  @OptionalNotNull()
  @IsString()
  @MaxLength(1024)
  password?: string;

  /**
   * true: the user must change this password at first sign-in (the Users page sends it for the passwords it sets). Default false.
   *
   * @example true
   */
  @OptionalNotNull()
  @IsBoolean()
  mustChangePassword?: boolean;
}
