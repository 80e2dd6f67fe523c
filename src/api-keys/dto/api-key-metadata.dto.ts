/** What is known about a user's API key; never the key itself. */
export class ApiKeyMetadata {
  createdAt: Date;

  /** When the key stops working; null: it never expires. */
  expiresAt: Date | null;

  /** Last successful use (recorded at most once a minute); null: never used. */
  lastUsedAt: Date | null;

  /** The key prefix and its last characters, to tell keys apart. */
  hint: string;
}
