/** A newly generated API key. The key is in this response only: it is not stored. */
export class IssuedApiKey {
  /** The API key: send it as `Authorization: Bearer <key>`, or as the password of Basic with an allowed name. */
  key: string;

  createdAt: Date;

  /** When the key stops working; null: it never expires. */
  expiresAt: Date | null;

  /** The key prefix and its last characters, to tell keys apart. */
  hint: string;
}
