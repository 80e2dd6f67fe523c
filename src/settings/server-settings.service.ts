import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Actor } from '../access/actor';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { AuditService } from '../audit/audit.service';
import { announceOneTimePasswords, readOneTimePasswords, writeOneTimePasswords } from '../core/console/one-time-passwords';
import { PasswordHasher } from '../core/crypto/password-hasher.service';
import { ServerSettings } from './server-settings.entity';
import { ServerSettingsView } from './dto/server-settings-view.dto';

const DEFAULT_API_KEY_NAMES = ['FeedKey', 'Account Key'];

/**
 * Server-wide settings. Read on every Basic request, so they are cached for at most one
 * second (SPEC 3 "Changes take effect"); a write here clears this process's cache at once.
 */
@Injectable()
export class ServerSettingsService implements OnModuleInit {
  private readonly logger = new Logger(ServerSettingsService.name);
  private cached: { value: ServerSettings; at: number } | null = null;

  constructor(
    @InjectRepository(ServerSettings) private readonly settings: Repository<ServerSettings>,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the settings row, and the IPS Administrator's password on first start. */
  async onModuleInit(): Promise<void> {
    let row = await this.settings.findOneBy({ id: 1 });
    if (!row) {
      row = this.settings.create({
        id: 1,
        allowedApiKeyNames: DEFAULT_API_KEY_NAMES,
        apiKeyLifetimeDays: null,
        adminPasswordHash: null,
        updatedAt: new Date(),
      });
      try {
        await this.settings.insert(row);
      } catch {
        row = await this.settings.findOneByOrFail({ id: 1 }); // another process created it first
      }
    }
    if (this.config.adminPassword) {
      const matches = row.adminPasswordHash !== null && (await this.passwords.verify(row.adminPasswordHash, this.config.adminPassword));
      if (!matches) await this.settings.update({ id: 1 }, { adminPasswordHash: await this.passwords.hash(this.config.adminPassword) });
      // A generated password in the one-time file is void now that IPS_ADMIN_PASSWORD rules.
      const entries = readOneTimePasswords(this.config.dataDir);
      if (entries.some((e) => e.tenant === null))
        writeOneTimePasswords(
          this.config.dataDir,
          entries.filter((e) => e.tenant !== null),
        );
    } else if (!row.adminPasswordHash) {
      const password = PasswordHasher.generate();
      await this.settings.update({ id: 1 }, { adminPasswordHash: await this.passwords.hash(password) });
      // To the terminal and a private file, never to the structured log (SPEC 2).
      const file = announceOneTimePasswords(this.config.dataDir, 'IPS Administrator generated (set IPS_ADMIN_PASSWORD to choose the password)', [
        { tenant: null, loginId: 'admin', password, note: 'IPS Administrator (/admin/api, npm run ips)' },
      ]);
      this.logger.log(`Generated the IPS Administrator password (in ${file})`);
    }
    this.cached = null;
  }

  /** The cached row while it is less than a second old. */
  private fresh(): ServerSettings | undefined {
    return this.cached && Date.now() - this.cached.at < 1000 ? this.cached.value : undefined;
  }

  private async load(): Promise<ServerSettings> {
    const fresh = this.fresh();
    if (fresh) return fresh;
    const value = await this.settings.findOneByOrFail({ id: 1 });
    this.cached = { value, at: Date.now() };
    return value;
  }

  /** isApiKeyName() from the cached settings (undefined when they are not cached or are a second old). */
  cachedIsApiKeyName(name: string): boolean | undefined {
    const fresh = this.fresh();
    return fresh ? namesApiKey(fresh, name) : undefined;
  }

  async get(): Promise<ServerSettingsView> {
    const row = await this.load();
    return { allowedApiKeyNames: row.allowedApiKeyNames, apiKeyLifetimeDays: row.apiKeyLifetimeDays };
  }

  /** True when a Basic user name means "the password is an API key" (case-insensitive). */
  async isApiKeyName(name: string): Promise<boolean> {
    return namesApiKey(await this.load(), name);
  }

  async update(changes: Partial<ServerSettingsView>, actor: Actor): Promise<ServerSettingsView> {
    const patch: Partial<ServerSettings> = { updatedAt: new Date() };
    if (changes.allowedApiKeyNames !== undefined) patch.allowedApiKeyNames = changes.allowedApiKeyNames;
    if (changes.apiKeyLifetimeDays !== undefined) patch.apiKeyLifetimeDays = changes.apiKeyLifetimeDays;
    await this.settings.update({ id: 1 }, patch);
    this.cached = null;
    const view = await this.get();
    await this.audit.record(null, 'settings.updated', actor, { type: 'settings', id: 'server' }, { ...changes });
    return view;
  }

  /** Recovery of a lost IPS Administrator password (npm run ips -- admin-password reset). */
  async setAdminPassword(password: string, actor: Actor): Promise<void> {
    await this.settings.update({ id: 1 }, { adminPasswordHash: await this.passwords.hash(password), updatedAt: new Date() });
    this.cached = null;
    await this.audit.record(null, 'settings.admin-password-reset', actor, { type: 'settings', id: 'server' }, null);
  }

  async verifyAdminPassword(password: string): Promise<boolean> {
    const row = await this.load();
    return this.passwords.verify(row.adminPasswordHash, password);
  }
}

/** Whether `name` is one of the settings' allowed API key names (case-insensitive). */
function namesApiKey(settings: ServerSettings, name: string): boolean {
  const lower = name.toLowerCase();
  return settings.allowedApiKeyNames.some((n) => n.toLowerCase() === lower);
}
