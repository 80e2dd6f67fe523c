import { Injectable } from '@nestjs/common';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ApiKeyMetadata } from '../api-keys/dto/api-key-metadata.dto';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { Actor } from '../common/actor';
import { conflict, forbidden } from '../common/domain-error';
import { SessionsService } from '../sessions/sessions.service';
import { WorkgroupsService } from '../workgroups/workgroups.service';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { User } from './user.entity';
import { UsersService } from './users.service';
import { UserView } from './dto/user-view.dto';

export const actorOf = (caller: Caller): Actor => ({ id: caller.user.id, loginId: caller.user.loginId, ip: caller.ip });

/** User administration (Web API /users): composes users, workgroups, keys and sessions. */
@Injectable()
export class UserAdministrationService {
  constructor(
    private readonly users: UsersService,
    private readonly workgroups: WorkgroupsService,
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async list(tenantId: number): Promise<UserView[]> {
    const [users, names, keys] = await Promise.all([this.users.listByTenant(tenantId), this.workgroups.namesByUser(tenantId), this.apiKeys.metadataByUser(tenantId)]);
    return users.map((u) => this.view(u, names.get(u.id) ?? [], keys.get(u.id) ?? null));
  }

  async get(tenantId: number, id: number): Promise<UserView> {
    const user = await this.users.getById(tenantId, id);
    return this.viewOf(user);
  }

  async create(caller: Caller, input: CreateUserDto): Promise<UserView> {
    const { mustChangePassword, ...fields } = input;
    const user = await this.users.create(caller.tenant.id, { ...fields, generatedPassword: mustChangePassword === true });
    await this.audit.record(caller.tenant.id, 'user.created', actorOf(caller), { type: 'user', id: user.id, loginId: user.loginId }, { type: user.type });
    return this.viewOf(user);
  }

  async update(caller: Caller, id: number, changes: UpdateUserDto): Promise<UserView> {
    const tenantId = caller.tenant.id;
    const user = await this.users.getById(tenantId, id);
    const administratorIds = await this.workgroups.administratorIds(tenantId);
    if (administratorIds.includes(user.id) && !caller.isAdministrator) {
      throw forbidden('administrators-only', 'Only Administrators can change the account of an Administrator');
    }
    const disabling = changes.locked === true || changes.deactivated === true;
    if (disabling && administratorIds.includes(user.id)) {
      const others = await this.users.findManyInTenant(tenantId, administratorIds.filter((a) => a !== user.id));
      // Able to sign in also means: the login method of their account type is on (SPEC 3).
      const tenant = caller.tenant;
      if (!others.some((o) => !o.locked && !o.deactivated && (o.type === 'SAML2' ? tenant.loginSaml2 : tenant.loginLocal))) {
        throw conflict('last-administrator', 'This is the last Administrator able to sign in; it cannot be locked or deactivated');
      }
    }
    const { password, mustChangePassword, ...flags } = changes;
    const before = { locked: user.locked, deactivated: user.deactivated, apiAccess: user.apiAccess };
    if (password !== undefined) await this.users.setPassword(user, password, mustChangePassword === true);
    const updated = await this.users.update(user, flags);
    if (disabling || password !== undefined) await this.sessions.endForUser(user.id);
    await this.audit.record(tenantId, 'user.updated', actorOf(caller), { type: 'user', id: user.id, loginId: user.loginId }, {
      changed: Object.keys(changes),
      before,
    });
    return this.viewOf(updated);
  }

  private async viewOf(user: User): Promise<UserView> {
    const names = (await this.workgroups.namesByUser(user.tenantId, user.id)).get(user.id) ?? [];
    const key = await this.apiKeys.findForUser(user.tenantId, user.id);
    return this.view(user, names, key);
  }

  private view(user: User, workgroups: string[], key: ApiKeyMetadata | null): UserView {
    return {
      id: user.id,
      loginId: user.loginId,
      type: user.type,
      displayName: user.displayName,
      locked: user.locked,
      deactivated: user.deactivated,
      apiAccess: user.apiAccess,
      workgroups: [...new Set(['Everyone', ...workgroups])].sort(),
      apiKey: key,
    };
  }
}
