/** Server-wide settings (IPS administration). */
export class ServerSettingsView {
  /** Basic user names meaning "the password is an API key" (case-insensitive). */
  allowedApiKeyNames: string[];

  /** Lifetime of keys generated from now on, in days; null: keys never expire. */
  apiKeyLifetimeDays: number | null;
}
