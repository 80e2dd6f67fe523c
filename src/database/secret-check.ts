// Run once the migrations are applied, before any module reads a key or a session: the first
// start stores the verifier of IPS_SECRET; every later start compares (SPEC 2).
import { DataSource } from 'typeorm';
import { SecretMismatchError, secretMatches, secretVerifier } from '../core/crypto/secret-verifier';
import { ServerSecret } from './server-secret.entity';

export async function checkSecret(dataSource: DataSource, secret: string): Promise<'stored' | 'matches'> {
  const rows = dataSource.getRepository(ServerSecret);
  let row = await rows.findOneBy({ id: 1 });
  if (!row) {
    try {
      await rows.insert({ id: 1, verifier: secretVerifier(secret), createdAt: new Date() });
      return 'stored';
    } catch {
      // Another process started at the same moment and stored its verifier first.
      row = await rows.findOneByOrFail({ id: 1 });
    }
  }
  if (!secretMatches(secret, row.verifier)) throw new SecretMismatchError();
  return 'matches';
}

/** Rotation on purpose (npm run ips -- secret rotate): the caller has deleted every key and session. */
export async function replaceSecretVerifier(dataSource: DataSource, secret: string): Promise<void> {
  const rows = dataSource.getRepository(ServerSecret);
  await rows.delete({ id: 1 });
  await rows.insert({ id: 1, verifier: secretVerifier(secret), createdAt: new Date() });
}
