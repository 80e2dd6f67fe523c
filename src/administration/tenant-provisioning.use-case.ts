import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../access/actor';
import { notFound } from '../core/errors/domain-error';
import { SessionsService } from '../sessions/sessions.service';
import { Tenant } from '../tenants/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';
import { UsersService } from '../users/users.service';
import { WorkgroupsService } from '../workgroups/workgroups.service';
import { ResetAdministratorResult } from './dto/reset-administrator-result.dto';
import { TenantView } from './dto/tenant-view.dto';

export enum ProvisioningErrorCode {
  AdministratorNotFound = 'administrator-not-found',
}

export const TENANT_ADMINISTRATOR = 'Administrator';

/** Creating, deleting and recovering tenants (IPS administration, SPEC 3 and 5). */
@Injectable()
export class TenantProvisioningService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: TenantsService,
    private readonly users: UsersService,
    private readonly workgroups: WorkgroupsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<TenantView[]> {
    return (await this.tenants.list()).map((t) => ({ name: t.name, createdAt: t.createdAt }));
  }

  /** The tenant, its default workgroups and its Administrator, all or nothing. */
  async create(name: string, administratorPassword: string, actor: Actor | null, generatedPassword = false): Promise<Tenant> {
    return this.dataSource.transaction(async (manager) => {
      const tenant = await this.tenants.create(name, manager);
      const administrator = await this.users.create(
        tenant.id,
        { loginId: TENANT_ADMINISTRATOR, type: 'Local', displayName: 'Administrator', password: administratorPassword, generatedPassword },
        manager,
      );
      await this.workgroups.createDefaults(tenant.id, administrator.id, manager);
      await this.audit.record(null, 'tenant.created', actor, { type: 'tenant', id: tenant.name }, null, manager);
      return tenant;
    });
  }

  async delete(name: string, actor: Actor): Promise<void> {
    const tenant = await this.tenants.getByName(name);
    await this.dataSource.transaction(async (manager) => {
      await this.tenants.delete(tenant, manager);
      await this.audit.record(null, 'tenant.deleted', actor, { type: 'tenant', id: tenant.name }, null, manager);
    });
  }

  /**
   * Recovery: resets and unlocks the tenant's Administrator, puts it back in Administrators,
   * and turns Local sign-in back on when it is off (else a tenant whose Administrators are
   * SAML2-only stays locked out for good when its IdP fails or its certificate expires).
   * A generated password must be changed at first sign-in; one the operator chose need not.
   */
  async resetAdministrator(name: string, password: string, actor: Actor, generatedPassword = false): Promise<ResetAdministratorResult> {
    const tenant = await this.tenants.getByName(name);
    const user = await this.users.findByLoginId(tenant.id, TENANT_ADMINISTRATOR);
    if (!user) throw notFound(ProvisioningErrorCode.AdministratorNotFound, `Tenant '${tenant.name}' has no Administrator user`);
    await this.dataSource.transaction(async (manager) => {
      await this.users.setPassword(user, password, generatedPassword, manager);
      await this.users.update(user, { locked: false, deactivated: false }, manager);
      await this.workgroups.ensureAdministrator(tenant.id, user.id, manager);
      await this.sessions.endForUser(user.id, manager);
      if (!tenant.loginLocal) {
        await this.tenants.saveSettings({ ...tenant, loginLocal: true }, manager);
        await this.audit.record(null, 'tenant.local-sign-in-restored', actor, { type: 'tenant', id: tenant.name }, null, manager);
        await this.audit.record(
          tenant.id,
          'tenant.local-sign-in-restored',
          actor,
          { type: 'settings', id: 'tenant' },
          { changes: { loginMethods: { local: true } } },
          manager,
        );
      }
      await this.audit.record(null, 'tenant.administrator-reset', actor, { type: 'tenant', id: tenant.name }, null, manager);
      await this.audit.record(tenant.id, 'user.administrator-reset', actor, { type: 'user', id: user.id, loginId: user.loginId }, null, manager);
    });
    return { id: user.id, loginId: user.loginId };
  }
}
