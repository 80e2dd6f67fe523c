/** What the Generate API Key page tells a user about connecting Excel or Power BI. */
export class ODataConnection {
  /** The tenant's OData feed URL (service root). */
  serviceRoot: string;

  /** Basic user names that mean "the password is an API key" (server setting allowedApiKeyNames). */
  userNames: string[];
}
