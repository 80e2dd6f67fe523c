/** What the tenant's administrator hands to the identity provider (all under PUBLIC_URL). */
export class ServiceProviderView {
  /** The SP entity ID (also the Audience the assertions must name). */
  entityId: string;

  /** The assertion consumer service URL (HTTP-POST binding). */
  acsUrl: string;

  /** The SP metadata XML, to import at the identity provider. */
  metadataUrl: string;

  /** Starts an SP-initiated sign-in (a link for the sign-in page). */
  loginUrl: string;
}
