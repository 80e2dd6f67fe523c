import { IsString, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  /** @example "the current password" */
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  /**
   * At least 12 characters.
   *
   * @example "a new long password"
   */
  @IsString()
  @MaxLength(1024)
  newPassword: string;
}
