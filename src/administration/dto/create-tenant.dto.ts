import { IsString, Matches, MaxLength, MinLength, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { RESERVED_TENANT_NAMES, TENANT_NAME_PATTERN } from '../../access/tenant-name';

@ValidatorConstraint({ name: 'notReservedTenantName' })
class NotReservedTenantName implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && !RESERVED_TENANT_NAMES.includes(value.toLowerCase());
  }
  defaultMessage(): string {
    return `name is reserved (${RESERVED_TENANT_NAMES.join(', ')})`;
  }
}

export class CreateTenantDto {
  /**
   * URL segment: a letter, then 1-62 letters, digits, _ or -; unique case-insensitively.
   *
   * @example acme
   */
  @IsString()
  @Matches(TENANT_NAME_PATTERN, { message: `name must match ${TENANT_NAME_PATTERN.source}` })
  @Validate(NotReservedTenantName)
  name: string;

  /**
   * Password of the tenant's Administrator user (at least 12 characters).
   *
   * @example "a long tenant admin password"
   */
  @IsString()
  @MinLength(12, { message: 'administratorPassword must be at least 12 characters' })
  @MaxLength(1024)
  administratorPassword: string;
}

export class ResetAdministratorDto {
  /**
   * The new password of the tenant's Administrator (at least 12 characters).
   *
   * @example "a new long password"
   */
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(1024)
  password: string;
}
