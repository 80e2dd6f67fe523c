/** What the tenant's administrator hands to the identity provider (all under PUBLIC_URL). */
export class ServiceProviderView {
  /**
   * The SP entity ID (also the Audience the assertions must name).
   *
   * @example https://ips.example.com/acme/auth/saml/metadata
   */
  entityId: string;

  /**
   * The assertion consumer service URL (HTTP-POST binding).
   *
   * @example https://ips.example.com/acme/auth/saml/acs
   */
  acsUrl: string;

  /**
   * The SP metadata XML, to import at the identity provider.
   *
   * @example https://ips.example.com/acme/auth/saml/metadata
   */
  metadataUrl: string;

  /**
   * Starts an SP-initiated sign-in (a link for the sign-in page).
   *
   * @example https://ips.example.com/acme/auth/saml/login
   */
  loginUrl: string;
}
