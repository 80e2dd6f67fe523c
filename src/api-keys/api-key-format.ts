// API key format (README "API key format"):
//   psk_ + BODY (43 chars: 32 random bytes, base64url) + CHECK (6 chars)
//   CHECK = first 6 characters of base64url(SHA-256("psk_" + BODY))
// The checksum lets a secret scanner tell a real key from look-alike text offline, with
// no access to the server; it adds no secret (anyone can compute it from the key).
import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'psk_';
const BODY_LENGTH = 43;
const CHECK_LENGTH = 6;
export const KEY_LENGTH = KEY_PREFIX.length + BODY_LENGTH + CHECK_LENGTH;
const KEY_PATTERN = /^psk_[A-Za-z0-9_-]{49}$/;

function checksum(body: string): string {
  return createHash('sha256')
    .update(KEY_PREFIX + body)
    .digest('base64url')
    .slice(0, CHECK_LENGTH);
}

export function generateApiKey(): string {
  const body = randomBytes(32).toString('base64url');
  return KEY_PREFIX + body + checksum(body);
}

/** True when the text has the shape and checksum of a key (says nothing about validity). */
export function hasValidChecksum(key: string): boolean {
  if (!KEY_PATTERN.test(key)) return false;
  const body = key.slice(KEY_PREFIX.length, KEY_PREFIX.length + BODY_LENGTH);
  return checksum(body) === key.slice(-CHECK_LENGTH);
}

/** "psk_…" plus the checksum: enough to tell keys apart, nothing of the random part. */
export function hintOf(key: string): string {
  return KEY_PREFIX + '…' + key.slice(-CHECK_LENGTH);
}
