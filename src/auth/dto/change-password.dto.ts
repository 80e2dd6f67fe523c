import { IsString, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  /** At least 12 characters. */
  @IsString()
  @MaxLength(1024)
  newPassword: string;
}
