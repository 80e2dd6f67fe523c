import { OptionalNotNull } from '../../core/validation/optional-not-null';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsNumber, IsOptional, IsPositive, IsString, Matches, Max, MaxLength, ValidateIf } from 'class-validator';

export class UpdateServerSettingsDto {
  /**
   * Basic user names meaning "the password is an API key" (case-insensitive). Not empty.
   *
   * @example ["FeedKey", "Account Key"]
   */
  @OptionalNotNull()
  @IsArray()
  @ArrayNotEmpty({ message: 'allowedApiKeyNames must not be empty' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  @Matches(/^[^:\s](?:[^:]*[^:\s])?$/, { each: true, message: 'allowedApiKeyNames entries must be non-blank and contain no colon' })
  allowedApiKeyNames?: string[];

  /**
   * Lifetime of keys generated from now on, in days: (0, 366], fractions allowed; null = never expire.
   *
   * @example 90
   */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'apiKeyLifetimeDays must be a number of days in (0, 366] or null' })
  @IsPositive({ message: 'apiKeyLifetimeDays must be greater than 0' })
  @Max(366, { message: 'apiKeyLifetimeDays must be at most 366' })
  apiKeyLifetimeDays?: number | null;
}
