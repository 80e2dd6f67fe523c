// At each start: drop the one-time passwords that have been changed since, and the file
// with the last of them ("removed once changed").
import { INestApplicationContext } from '@nestjs/common';
import { readOneTimePasswords, writeOneTimePasswords } from '../core/console/one-time-passwords';
import { PasswordHasher } from '../core/crypto/password-hasher.service';
import { ServerSettingsService } from '../settings/server-settings.service';
import { TenantsService } from '../tenants/tenants.service';
import { UsersService } from '../users/users.service';

export async function pruneOneTimePasswords(app: INestApplicationContext, dataDir: string): Promise<void> {
  const entries = readOneTimePasswords(dataDir);
  if (entries.length === 0) return;
  const kept = [];
  for (const entry of entries) {
    if (entry.tenant === null) {
      if (await app.get(ServerSettingsService).verifyAdminPassword(entry.password)) kept.push(entry);
      continue;
    }
    const tenant = (await app.get(TenantsService).list()).find((t) => t.name.toLowerCase() === entry.tenant?.toLowerCase());
    const user = tenant ? await app.get(UsersService).findByLoginId(tenant.id, entry.loginId) : null;
    if (user?.mustChangePassword && (await app.get(PasswordHasher).verify(user.passwordHash, entry.password))) kept.push(entry);
  }
  if (kept.length !== entries.length) writeOneTimePasswords(dataDir, kept);
}
