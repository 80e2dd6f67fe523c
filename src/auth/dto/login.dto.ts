import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  /**
   * The account's loginId (case-insensitive).
   *
   * @example analyst
   */
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  loginId: string;

  /** @example "the account password" */
  @IsString()
  @MaxLength(1024)
  password: string;
}
