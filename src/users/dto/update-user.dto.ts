import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  displayName?: string;

  /** Sets a new password (Local accounts, at least 12 characters); ends the user's sessions. */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;

  /** A locked user cannot sign in; their sessions end and their API key is suspended. */
  @IsOptional()
  @IsBoolean()
  locked?: boolean;

  @IsOptional()
  @IsBoolean()
  deactivated?: boolean;

  /** false suspends the user's API key alone. */
  @IsOptional()
  @IsBoolean()
  apiAccess?: boolean;
}
