import { OptionalNotNull } from '../../core/validation/optional-not-null';
import { IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';

export class UpdateUserDto {
  /** @example "Ada Analyst" */
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  displayName?: string;

  /**
   * Sets a new password (Local accounts, at least 12 characters); ends the user's sessions.
   *
   * @example "a new long password"
   */
  @OptionalNotNull()
  @IsString()
  @MaxLength(1024)
  password?: string;

  /**
   * A locked user cannot sign in; their sessions end and their API key is suspended.
   *
   * @example false
   */
  @OptionalNotNull()
  @IsBoolean()
  locked?: boolean;

  /** @example false */
  @OptionalNotNull()
  @IsBoolean()
  deactivated?: boolean;

  /**
   * false suspends the user's API key alone.
   *
   * @example true
   */
  @OptionalNotNull()
  @IsBoolean()
  apiAccess?: boolean;

  /**
   * With password: true makes the user change it at the next sign-in (a reset by an administrator). Default false.
   *
   * @example true
   */
  @OptionalNotNull()
  @IsBoolean()
  mustChangePassword?: boolean;
}
