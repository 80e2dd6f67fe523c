import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { canSignIn } from '../access/access-policy';
import { conflict } from '../core/errors/domain-error';
import { KeyedMutex } from '../core/persistence/keyed-mutex';
import { Tenant } from '../tenants/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';
import { UsersService } from '../users/users.service';
import { Workgroup, WorkgroupMember } from './workgroup.entity';

export enum AdministratorsRuleCode {
  NoAdministratorCanSignIn = 'no-administrator-sign-in',
}

/**
 * SPEC 3: "a change that would leave no Administrator able to sign in is refused (409)" — the
 * one copy of that rule, for user administration (lock, deactivate), the Administrators
 * workgroup (members) and tenant settings (login methods). The change runs in a transaction
 * that first locks the tenant row (and, in this process, the tenant's mutex: SQLite has one
 * connection), and the rule is checked on the state the change wrote, before commit. So two
 * changes made at once (lock one Administrator while another is removed) are serialized and
 * the second sees the first: they cannot together break the rule.
 */
@Injectable()
export class AdministratorsSignInRule {
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: TenantsService,
    private readonly users: UsersService,
  ) {}

  /** Runs `change` in a transaction that keeps the rule; `message` is the 409's, when it would not. */
  protect<T>(tenantId: number, message: string, change: (manager: EntityManager, tenant: Tenant) => Promise<T>): Promise<T> {
    return this.mutex.run(String(tenantId), () =>
      this.dataSource.transaction(async (manager) => {
        const tenant = await this.tenants.lockForUpdate(tenantId, manager);
        const result = await change(manager, tenant);
        if (!(await this.holds(tenantId, manager))) throw conflict(AdministratorsRuleCode.NoAdministratorCanSignIn, message);
        return result;
      }),
    );
  }

  /** True when an unlocked, active member of Administrators has an enabled way to sign in. */
  private async holds(tenantId: number, manager: EntityManager): Promise<boolean> {
    const tenant = await manager.findOneByOrFail(Tenant, { id: tenantId });
    const members = await manager
      .createQueryBuilder(WorkgroupMember, 'm')
      .innerJoin(Workgroup, 'w', 'w.id = m.workgroupId')
      .where('w.tenantId = :tenantId AND w.builtIn = :builtIn', { tenantId, builtIn: 'Administrators' })
      .getMany();
    const administrators = await this.users.findManyInTenant(
      tenantId,
      members.map((m) => m.userId),
      manager,
    );
    return administrators.some((user) => canSignIn(tenant, user));
  }
}
