/** What is known about a user's API key; never the key itself. */
export class ApiKeyMetadata {
  /** @example "2026-01-31T09:30:00.000Z" */
  createdAt: Date;

  /**
   * When the key stops working; null: it never expires.
   *
   * @example "2026-05-01T09:30:00.000Z"
   */
  expiresAt: Date | null;

  /**
   * Last successful use (recorded at most once a minute); null: never used.
   *
   * @example "2026-02-01T07:12:00.000Z"
   */
  lastUsedAt: Date | null;

  /**
   * The key prefix and its last characters, to tell keys apart.
   *
   * @example "psk_…Xy3kQ9"
   */
  hint: string;
}
