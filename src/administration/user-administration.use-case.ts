import { Injectable } from '@nestjs/common';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ApiKeyMetadata } from '../api-keys/dto/api-key-metadata.dto';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../access/caller';
import { actorOf } from '../access/actor';
import { AuthErrorCode } from '../access/auth.errors';
import { forbidden } from '../core/errors/domain-error';
import { SessionsService } from '../sessions/sessions.service';
import { AdministratorsSignInRule } from '../workgroups/administrators-sign-in.rule';
import { WorkgroupsService } from '../workgroups/workgroups.service';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { UserView } from '../users/dto/user-view.dto';

/** User administration (Web API /users): composes users, workgroups, keys and sessions. */
@Injectable()
export class UserAdministrationService {
  constructor(
    private readonly users: UsersService,
    private readonly workgroups: WorkgroupsService,
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly administratorsRule: AdministratorsSignInRule,
  ) {}

  async list(tenantId: number): Promise<UserView[]> {
    const [users, names, keys] = await Promise.all([
      this.users.listByTenant(tenantId),
      this.workgroups.namesByUser(tenantId),
      this.apiKeys.metadataByUser(tenantId),
    ]);
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
    const { password, mustChangePassword, ...flags } = changes;
    const disabling = changes.locked === true || changes.deactivated === true;
    const updated = await this.administratorsRule.protect(
      tenantId,
      'This is the last Administrator able to sign in; it cannot be locked or deactivated',
      async (manager) => {
        const user = await this.users.getById(tenantId, id, manager);
        if (!caller.isAdministrator && (await this.workgroups.administratorIds(tenantId, manager)).includes(user.id)) {
          throw forbidden(AuthErrorCode.AdministratorsOnly, 'Only Administrators can change the account of an Administrator');
        }
        const before = { locked: user.locked, deactivated: user.deactivated, apiAccess: user.apiAccess };
        if (password !== undefined) await this.users.setPassword(user, password, mustChangePassword === true, manager);
        const saved = await this.users.update(user, flags, manager);
        if (disabling || password !== undefined) await this.sessions.endForUser(user.id, manager);
        await this.audit.record(
          tenantId,
          'user.updated',
          actorOf(caller),
          { type: 'user', id: user.id, loginId: user.loginId },
          { changed: Object.keys(changes), before },
          manager,
        );
        return saved;
      },
    );
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
