/** Server-wide settings (IPS administration). */
export class ServerSettingsView {
  /**
   * Basic user names meaning "the password is an API key" (case-insensitive).
   *
   * @example ["FeedKey", "Account Key"]
   */
  allowedApiKeyNames: string[];

  /**
   * Lifetime of keys generated from now on, in days; null: keys never expire.
   *
   * @example 90
   */
  apiKeyLifetimeDays: number | null;
}
