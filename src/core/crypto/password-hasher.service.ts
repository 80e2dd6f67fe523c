import { Injectable, OnModuleInit } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// OWASP's Argon2id baseline (19 MiB, 2 passes, 1 lane).
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;

@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** Verified against when the user is unknown, so that both cases cost one Argon2 run. */
  private dummyHash: string;

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hash(randomBytes(16).toString('hex'), OPTIONS);
  }

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  /** Verifies a password; with a null hash it still spends the same time and fails. */
  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    try {
      const ok = await verify(passwordHash ?? this.dummyHash, password);
      return ok && passwordHash !== null;
    } catch {
      return false;
    }
  }

  /** A readable generated password (about 120 bits) for first sign-in. */
  static generate(): string {
    return randomBytes(15).toString('base64url').replace(/[-_]/g, 'x') + '-' + randomBytes(5).toString('hex');
  }
}
