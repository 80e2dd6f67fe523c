/** What the Generate API Key page tells a user about connecting Excel or Power BI. */
export class ODataConnection {
  /**
   * The tenant's OData feed URL (service root).
   *
   * @example https://ips.example.com/acme/odata/
   */
  serviceRoot: string;

  /**
   * Basic user names that mean "the password is an API key" (server setting allowedApiKeyNames).
   *
   * @example ["FeedKey", "Account Key"]
   */
  userNames: string[];
}
