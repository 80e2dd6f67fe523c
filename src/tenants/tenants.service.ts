import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { conflict, notFound } from '../core/errors/domain-error';
import { isUniqueViolation } from '../core/persistence/unique-violation';
import { TENANT_NAME_PATTERN } from '../access/tenant-name';
import { ChangeTracker, GenerationCache } from '../core/cache/change-tracker';
import { Tenant } from './tenant.entity';

export enum TenantErrorCode {
  NotFound = 'tenant-not-found',
  Duplicate = 'tenant-duplicate',
}

@Injectable()
export class TenantsService {
  /** The URL's tenant is resolved on every /{tenant} request: cached through the one cache seam. */
  private readonly byName: GenerationCache<Tenant | null>;

  constructor(
    @InjectRepository(Tenant) private readonly tenants: Repository<Tenant>,
    tracker: ChangeTracker,
  ) {
    this.byName = new GenerationCache(tracker, 'tenants');
  }

  /** The tenant of a URL segment (case-insensitive). Callers must not change the returned row. */
  findByName(name: string): Promise<Tenant | null> {
    const key = name.toLowerCase();
    if (!TENANT_NAME_PATTERN.test(name)) return Promise.resolve(null);
    return this.byName.getOrLoad(key, () => this.tenants.findOneBy({ nameKey: key }));
  }

  /** The tenant of a URL segment if this process has it cached (undefined otherwise, or when unknown). */
  cachedByName(name: string): Tenant | undefined {
    return this.byName.cached(name.toLowerCase()) ?? undefined;
  }

  /** Reads the tenant row inside a transaction, locked against concurrent changes of its security state. */
  lockForUpdate(id: number, manager: EntityManager): Promise<Tenant> {
    const query = manager.getRepository(Tenant).createQueryBuilder('t').where('t.id = :id', { id });
    // SQLite locks the whole database on the first write; it has no row locks to ask for.
    if (manager.connection.driver.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
    return query.getOneOrFail();
  }

  async getByName(name: string): Promise<Tenant> {
    const tenant = await this.findByName(name);
    if (!tenant) throw notFound(TenantErrorCode.NotFound, `Tenant '${name}' not found`);
    return tenant;
  }

  findById(id: number): Promise<Tenant | null> {
    return this.tenants.findOneBy({ id });
  }

  list(): Promise<Tenant[]> {
    return this.tenants.find({ order: { nameKey: 'ASC' } });
  }

  async create(name: string, manager: EntityManager): Promise<Tenant> {
    const tenant = manager.create(Tenant, {
      name,
      nameKey: name.toLowerCase(),
      createdAt: new Date(),
      previewWebFeatures: false,
      apiAccessEnabled: true,
      loginLocal: true,
      loginSaml2: false,
      saml: null,
    });
    try {
      return await manager.save(tenant);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(TenantErrorCode.Duplicate, `A tenant named '${name}' already exists`);
      throw error;
    }
  }

  async saveSettings(tenant: Tenant, manager: EntityManager): Promise<Tenant> {
    return manager.save(Tenant, tenant);
  }

  /** Deletes the tenant; foreign keys cascade to its users, sessions, keys, workgroups and data. */
  async delete(tenant: Tenant, manager: EntityManager): Promise<void> {
    await manager.delete(Tenant, { id: tenant.id });
  }
}
