import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { conflict, isUniqueViolation, notFound } from '../core/errors/domain-error';
import { Tenant } from './tenant.entity';

export const RESERVED_TENANT_NAMES = ['admin', 'api', 'health', 'metrics'];
export const TENANT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{1,62}$/;

export enum TenantErrorCode {
  NotFound = 'tenant-not-found',
  Duplicate = 'tenant-duplicate',
}

@Injectable()
export class TenantsService {
  constructor(@InjectRepository(Tenant) private readonly tenants: Repository<Tenant>) {}

  findByName(name: string): Promise<Tenant | null> {
    return this.tenants.findOneBy({ nameKey: name.toLowerCase() });
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
