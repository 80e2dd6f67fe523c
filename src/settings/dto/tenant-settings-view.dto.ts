import { ApiProperty } from '@nestjs/swagger';
import { LoginMethods } from '../../tenants/dto/tenant-info.dto';

/** The tenant's SAML2 identity provider; null fields are not configured. */
export class SamlSettingsView {
  /**
   * The identity provider's entity ID.
   *
   * @example https://idp.example.org/metadata
   */
  idpEntityId: string | null;

  /**
   * The identity provider's single sign-on URL (HTTP-Redirect binding).
   *
   * @example https://idp.example.org/sso
   */
  idpSsoUrl: string | null;

  /**
   * The identity provider's signing certificate, PEM.
   *
   * @example "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----"
   */
  idpCertificate: string | null;

  /**
   * NameID domains allowed to sign in (exact, case-insensitive).
   *
   * @example ["domain.mycompany.com"]
   */
  allowedDomains: string[];
}

export class TenantSettingsView {
  /**
   * Shows the PlanningSpace Web launch button.
   *
   * @example false
   */
  previewWebFeatures: boolean;

  /**
   * false: API-key access is suspended for every user of the tenant.
   *
   * @example true
   */
  apiAccessEnabled: boolean;

  // Explicit: the plugin under ts-jest (test/support) cannot resolve classes of other files.
  @ApiProperty({ type: () => LoginMethods })
  loginMethods: LoginMethods;

  saml: SamlSettingsView;
}
