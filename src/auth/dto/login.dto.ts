import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  /** The account's loginId (case-insensitive). */
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  loginId: string;

  @IsString()
  @MaxLength(1024)
  password: string;
}
