import { OptionalNotNull } from '../../core/validation/optional-not-null';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

export class LoginMethodsDto {
  /** @example true */
  @OptionalNotNull()
  @IsBoolean()
  local?: boolean;

  /** @example false */
  @OptionalNotNull()
  @IsBoolean()
  saml2?: boolean;
}

export class SamlSettingsDto {
  /** @example https://idp.example.org/metadata */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  idpEntityId?: string | null;

  /**
   * The identity provider's single sign-on URL (HTTP-Redirect binding).
   *
   * @example https://idp.example.org/sso
   */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @Matches(/^https?:\/\/\S+$/, { message: 'saml.idpSsoUrl must be an http(s) URL' })
  idpSsoUrl?: string | null;

  /**
   * The identity provider's signing certificate, PEM.
   *
   * @example "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----"
   */
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  @Matches(/^\s*-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/, { message: 'saml.idpCertificate must be a PEM certificate' })
  idpCertificate?: string | null;

  /**
   * NameID domains allowed to sign in (exact, case-insensitive).
   *
   * @example ["domain.mycompany.com"]
   */
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/, {
    each: true,
    message: 'saml.allowedDomains must hold domain names',
  })
  allowedDomains?: string[];
}

/** PATCH merges: only the fields given change, nested objects included. */
export class UpdateTenantSettingsDto {
  /**
   * Shows the PlanningSpace Web launch button.
   *
   * @example true
   */
  @OptionalNotNull()
  @IsBoolean()
  previewWebFeatures?: boolean;

  /**
   * false suspends API-key access for every user of the tenant.
   *
   * @example true
   */
  @OptionalNotNull()
  @IsBoolean()
  apiAccessEnabled?: boolean;

  @OptionalNotNull()
  @ValidateNested()
  @Type(() => LoginMethodsDto)
  loginMethods?: LoginMethodsDto;

  @OptionalNotNull()
  @ValidateNested()
  @Type(() => SamlSettingsDto)
  saml?: SamlSettingsDto;
}
