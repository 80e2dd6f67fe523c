import { Inject, Injectable } from '@nestjs/common';
import { createHmac, createSecretKey, hkdfSync, KeyObject } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Subkeys derived from IPS_SECRET with HKDF-SHA-256, one per purpose, so that a key hash
 * can never be confused with a session id and rotating one purpose never affects another.
 */
@Injectable()
export class SecretsService {
  // Key objects rather than buffers: the key is imported once, not on every request's HMAC.
  private readonly apiKeySubkey: KeyObject;
  private readonly sessionSubkey: KeyObject;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.apiKeySubkey = createSecretKey(SecretsService.derive(config.secret, 'ips/api-key-hash/v1'));
    this.sessionSubkey = createSecretKey(SecretsService.derive(config.secret, 'ips/session-id/v1'));
  }

  static derive(secret: string, purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('ips-server', 'utf8'), Buffer.from(purpose, 'utf8'), 32));
  }

  /** Keyed hash under which an API key is stored and looked up. */
  hashApiKey(key: string): string {
    return createHmac('sha256', this.apiKeySubkey).update(key, 'utf8').digest('hex');
  }

  /** Keyed hash of a session cookie token: the session's id in the database. */
  hashSessionToken(token: string): string {
    return createHmac('sha256', this.sessionSubkey).update(token, 'utf8').digest('hex');
  }
}
