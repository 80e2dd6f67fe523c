// A verifier of IPS_SECRET, stored in the database at first start so that a server started
// later with another secret can refuse (SPEC 2) instead of answering 401 to every key and
// session. It is an HMAC of a constant under its own HKDF subkey: it reveals nothing about
// the secret or the other subkeys, and it cannot be used to hash a key or a session.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SecretsService } from './secrets.service';

const PURPOSE = 'ips/secret-verifier/v1';
const CONSTANT = 'IPS_SECRET verifier';

export function secretVerifier(secret: string): string {
  return createHmac('sha256', SecretsService.derive(secret, PURPOSE)).update(CONSTANT, 'utf8').digest('hex');
}

export function secretMatches(secret: string, stored: string): boolean {
  const expected = Buffer.from(secretVerifier(secret), 'utf8');
  const actual = Buffer.from(stored, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Start-up is refused: the database was first started with another IPS_SECRET. */
export class SecretMismatchError extends Error {
  constructor() {
    super(
      'IPS_SECRET is not the secret this database was first started with (its verifier is in the table server_secret). ' +
        'The server does not start: with another secret every API key and every website session would be rejected with 401. ' +
        'Start with the original IPS_SECRET. Rotating it on purpose invalidates every API key and session: ' +
        'run `npm run ips -- secret rotate` with the new IPS_SECRET set, then start the server.',
    );
    this.name = 'SecretMismatchError';
  }
}
