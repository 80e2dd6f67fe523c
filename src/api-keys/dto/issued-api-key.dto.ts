/** A newly generated API key. The key is in this response only: it is not stored. */
export class IssuedApiKey {
  /**
   * The API key: send it as `Authorization: Bearer <key>`, or as the password of Basic with an allowed name.
   *
   * @example psk_3qT9xV0bN2mL8kR4sW6yZ1aC5dE7fG9hJ0kL2mN4pQ6_Xy3kQ9
   */
  key: string;

  /** @example "2026-01-31T09:30:00.000Z" */
  createdAt: Date;

  /**
   * When the key stops working; null: it never expires.
   *
   * @example "2026-05-01T09:30:00.000Z"
   */
  expiresAt: Date | null;

  /**
   * The key prefix and its last characters, to tell keys apart.
   *
   * @example "psk_…Xy3kQ9"
   */
  hint: string;
}
