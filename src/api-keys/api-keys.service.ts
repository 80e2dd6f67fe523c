import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Actor } from '../access/actor';
import { ApiKeyRef, UserRef } from '../access/caller';
import { notFound } from '../core/errors/domain-error';
import { isRetryableConflict, isUniqueViolation } from '../core/persistence/unique-violation';
import { AuditService } from '../audit/audit.service';
import { ChangeTracker, GenerationCache } from '../core/cache/change-tracker';
import { SecretsService } from '../core/crypto/secrets.service';
import { ServerSettingsService } from '../settings/server-settings.service';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';
import { generateApiKey, hintOf } from './api-key-format';
import { ApiKeyMetadata } from './dto/api-key-metadata.dto';
import { IssuedApiKey } from './dto/issued-api-key.dto';
import { ApiKey } from './api-key.entity';

const LAST_USED_INTERVAL_MS = 60_000;
const DAY_MS = 86_400_000;

export enum ApiKeyErrorCode {
  NotFound = 'api-key-not-found',
}

/** A key row joined with its user and tenant: what every key-authenticated request needs. */
export interface KeyOwner {
  apiKey: ApiKey;
  user: User;
  tenant: Tenant;
}

function metadataOf(row: ApiKey): ApiKeyMetadata {
  return { createdAt: row.createdAt, expiresAt: row.expiresAt, lastUsedAt: row.lastUsedAt, hint: row.hint };
}

@Injectable()
export class ApiKeysService {
  private readonly owners: GenerationCache<KeyOwner | null>;

  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly secrets: SecretsService,
    private readonly settings: ServerSettingsService,
    private readonly audit: AuditService,
    tracker: ChangeTracker,
  ) {
    this.owners = new GenerationCache(tracker, 'key-owners');
  }

  /**
   * Issues a key for the user, replacing any previous one. The swap is one UPDATE of the
   * user's row (or one INSERT for the first key), so the old key stops working at once and
   * concurrent calls leave exactly one of the returned keys valid. The swap and its audit
   * row are one transaction: when the audit insert failed (an over-long address on MariaDB)
   * the old key was already gone and the new one never shown, leaving the user with none.
   */
  async issue(tenantId: number, user: UserRef, actor: Actor): Promise<IssuedApiKey> {
    const { apiKeyLifetimeDays } = await this.settings.get();
    const key = generateApiKey();
    const createdAt = new Date();
    const expiresAt = apiKeyLifetimeDays === null ? null : new Date(createdAt.getTime() + apiKeyLifetimeDays * DAY_MS);
    const values = { keyHash: this.secrets.hashApiKey(key), hint: hintOf(key), createdAt, expiresAt, lastUsedAt: null, lastUsedIp: null };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.keys.manager.transaction(async (manager) => {
          const result = await manager.update(ApiKey, { tenantId, userId: user.id }, values);
          const replaced = Boolean(result.affected);
          if (!replaced) await manager.insert(ApiKey, { tenantId, userId: user.id, ...values });
          const target = { type: 'user', id: user.id, loginId: user.loginId } as const;
          await this.audit.record(tenantId, replaced ? 'api-key.replaced' : 'api-key.created', actor, target, null, manager);
        });
        break;
      } catch (error) {
        // Another request inserted this user's first key meanwhile (or won a lock race on
        // MariaDB): run again, which replaces that key instead.
        if (!(isUniqueViolation(error) || isRetryableConflict(error)) || attempt > 3) throw error;
      }
    }
    return { key, createdAt, expiresAt, hint: values.hint };
  }

  /**
   * One indexed lookup by keyed hash, joined with the user and tenant. Cached by hash (never
   * by key) for one ChangeTracker generation and at most a second; unknown keys too, so a
   * flood of wrong keys does not reach the database either.
   */
  async findOwner(key: string): Promise<KeyOwner | null> {
    const hash = this.secrets.hashApiKey(key);
    return this.owners.getOrLoad(hash, () => this.loadOwner(hash));
  }

  /** findOwner() if this process has the key's owner cached (undefined otherwise, and for an unknown key). */
  cachedOwner(key: string): KeyOwner | undefined {
    return this.owners.cached(this.secrets.hashApiKey(key)) ?? undefined;
  }

  private async loadOwner(hash: string): Promise<KeyOwner | null> {
    const row = await this.keys
      .createQueryBuilder('k')
      .innerJoinAndSelect('k.user', 'u')
      .innerJoinAndSelect('k.tenant', 't')
      .where('k.keyHash = :hash', { hash })
      .getOne();
    if (!row || !row.user || !row.tenant) return null;
    return { apiKey: row, user: row.user, tenant: row.tenant };
  }

  /** True when recordUse() would write: at most once a minute per key, so on few requests. */
  isUseDue(apiKey: ApiKeyRef): boolean {
    return !apiKey.lastUsedAt || Date.now() - apiKey.lastUsedAt.getTime() >= LAST_USED_INTERVAL_MS;
  }

  /** Records use at most once a minute per key: no write on most requests. */
  async recordUse(apiKey: ApiKeyRef, ip: string): Promise<void> {
    if (!this.isUseDue(apiKey)) return;
    const now = Date.now();
    await this.keys
      .createQueryBuilder()
      .update(ApiKey)
      .set({ lastUsedAt: new Date(now), lastUsedIp: ip })
      .where('id = :id AND keyHash = :hash', { id: apiKey.id, hash: apiKey.keyHash })
      .andWhere('(lastUsedAt IS NULL OR lastUsedAt < :cutoff)', { cutoff: new Date(now - LAST_USED_INTERVAL_MS) })
      .execute();
  }

  async findForUser(tenantId: number, userId: number): Promise<ApiKeyMetadata | null> {
    const row = await this.keys.findOneBy({ tenantId, userId });
    return row ? metadataOf(row) : null;
  }

  async getForUser(tenantId: number, userId: number): Promise<ApiKeyMetadata> {
    const found = await this.findForUser(tenantId, userId);
    if (!found) throw notFound(ApiKeyErrorCode.NotFound, 'This user has no API key');
    return found;
  }

  async metadataByUser(tenantId: number): Promise<Map<number, ApiKeyMetadata>> {
    const rows = await this.keys.findBy({ tenantId });
    return new Map(rows.map((row) => [row.userId, metadataOf(row)]));
  }

  async deleteForUser(tenantId: number, user: Pick<UserRef, 'id' | 'loginId'>, actor: Actor): Promise<void> {
    const result = await this.keys.delete({ tenantId, userId: user.id });
    if (!result.affected) throw notFound(ApiKeyErrorCode.NotFound, 'This user has no API key');
    await this.audit.record(tenantId, 'api-key.deleted', actor, { type: 'user', id: user.id, loginId: user.loginId });
  }
}
