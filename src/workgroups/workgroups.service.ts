import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { badRequest, conflict, forbidden, notFound } from '../core/errors/domain-error';
import { isUniqueViolation } from '../core/persistence/unique-violation';
import { isRoleName, resolveRoles, ROLE_NAMES, RoleName, RoleSetting } from '../roles/role-catalogue';
import { AuditService } from '../audit/audit.service';
import { ChangeTracker, GenerationCache } from '../core/cache/change-tracker';
import { Actor } from '../access/actor';
import { AuthErrorCode } from '../access/auth.errors';
import { AdministratorsSignInRule } from './administrators-sign-in.rule';
import { UsersService } from '../users/users.service';
import { Workgroup, WorkgroupMember } from './workgroup.entity';
import { WorkgroupView } from './dto/workgroup-view.dto';

export enum WorkgroupErrorCode {
  NotFound = 'workgroup-not-found',
  Duplicate = 'workgroup-duplicate',
  UnknownRole = 'unknown-role',
  UnknownMember = 'unknown-member',
  BuiltIn = 'workgroup-built-in',
  LastMember = 'workgroup-last-member',
}

export interface WorkgroupInput {
  name: string;
  members: number[];
  roles: Record<string, string>;
}

/** Who is changing a workgroup: only Administrators may touch the Administrators workgroup. */
export interface WorkgroupEditor extends Actor {
  isAdministrator: boolean;
}

export interface UserAccess {
  roles: RoleName[];
  isAdministrator: boolean;
}

@Injectable()
export class WorkgroupsService {
  private readonly access: GenerationCache<UserAccess>;

  constructor(
    @InjectRepository(Workgroup) private readonly workgroups: Repository<Workgroup>,
    @InjectRepository(WorkgroupMember) private readonly members: Repository<WorkgroupMember>,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly administratorsRule: AdministratorsSignInRule,
    tracker: ChangeTracker,
  ) {
    this.access = new GenerationCache(tracker, 'access');
  }

  /** The three default workgroups of a new tenant, with its Administrator as first member. */
  async createDefaults(tenantId: number, administratorId: number, manager: EntityManager): Promise<void> {
    const createdAt = new Date();
    const rows = await manager.save(Workgroup, [
      { tenantId, name: 'Administrators', nameKey: 'administrators', builtIn: 'Administrators', roles: {}, createdAt },
      { tenantId, name: 'Everyone', nameKey: 'everyone', builtIn: 'Everyone', roles: {}, createdAt },
      {
        tenantId,
        name: 'SecurityAdministrators',
        nameKey: 'securityadministrators',
        builtIn: 'SecurityAdministrators',
        roles: { 'Security/Security': 'Allowed' },
        createdAt,
      },
    ] as Workgroup[]);
    await manager.insert(WorkgroupMember, { workgroupId: rows[0].id, userId: administratorId });
  }

  /** Makes the user a member of Administrators (recovery). */
  async ensureAdministrator(tenantId: number, userId: number, manager: EntityManager): Promise<void> {
    const administrators = await manager.findOneByOrFail(Workgroup, { tenantId, builtIn: 'Administrators' });
    const existing = await manager.findOneBy(WorkgroupMember, { workgroupId: administrators.id, userId });
    if (!existing) await manager.insert(WorkgroupMember, { workgroupId: administrators.id, userId });
  }

  /**
   * Roles a user holds now, and whether they are an Administrator: one query, cached for one
   * ChangeTracker generation (any workgroup or membership write ends it) and a second at most.
   */
  async accessOf(tenantId: number, userId: number): Promise<UserAccess> {
    return this.access.getOrLoad(`${tenantId}:${userId}`, () => this.loadAccess(tenantId, userId));
  }

  /** accessOf() if this process has it cached (undefined otherwise). */
  cachedAccessOf(tenantId: number, userId: number): UserAccess | undefined {
    return this.access.cached(`${tenantId}:${userId}`);
  }

  private async loadAccess(tenantId: number, userId: number): Promise<UserAccess> {
    const rows = await this.workgroups
      .createQueryBuilder('w')
      .select(['w.builtIn', 'w.roles'])
      .where('w.tenantId = :tenantId', { tenantId })
      .andWhere("(w.builtIn = 'Everyone' OR w.id IN (SELECT m.workgroupId FROM workgroup_member m WHERE m.userId = :userId))", { userId })
      .getMany();
    return { roles: resolveRoles(rows), isAdministrator: rows.some((w) => w.builtIn === 'Administrators') };
  }

  /** Ids of the members of the tenant's Administrators workgroup. */
  async administratorIds(tenantId: number, manager?: EntityManager): Promise<number[]> {
    const rows = await (manager ?? this.members.manager)
      .createQueryBuilder(WorkgroupMember, 'm')
      .innerJoin(Workgroup, 'w', 'w.id = m.workgroupId')
      .where('w.tenantId = :tenantId AND w.builtIn = :builtIn', { tenantId, builtIn: 'Administrators' })
      .getMany();
    return rows.map((m) => m.userId);
  }

  /** Names of the workgroups each user of the tenant (or just `onlyUserId`) belongs to. */
  async namesByUser(tenantId: number, onlyUserId?: number): Promise<Map<number, string[]>> {
    const query = this.members
      .createQueryBuilder('m')
      .innerJoin(Workgroup, 'w', 'w.id = m.workgroupId')
      .select(['m.userId AS userId', 'w.name AS name'])
      .where('w.tenantId = :tenantId', { tenantId })
      .orderBy('w.name', 'ASC');
    // One user's view needs only their rows, not the whole tenant's memberships.
    if (onlyUserId !== undefined) query.andWhere('m.userId = :userId', { userId: onlyUserId });
    const rows = await query.getRawMany<{ userId: number; name: string }>();
    const byUser = new Map<number, string[]>();
    for (const row of rows) {
      const id = Number(row.userId);
      byUser.set(id, [...(byUser.get(id) ?? []), row.name]);
    }
    return byUser;
  }

  async list(tenantId: number): Promise<WorkgroupView[]> {
    const rows = await this.workgroups.find({ where: { tenantId }, order: { id: 'ASC' } });
    return this.withMembers(tenantId, rows);
  }

  async get(tenantId: number, id: number): Promise<WorkgroupView> {
    const row = await this.getRow(tenantId, id);
    return (await this.withMembers(tenantId, [row]))[0];
  }

  async create(tenantId: number, input: WorkgroupInput, actor: Actor): Promise<WorkgroupView> {
    const roles = this.checkRoles(input.roles);
    const members = await this.checkMembers(tenantId, input.members);
    return this.workgroups.manager.transaction(async (manager) => {
      let row: Workgroup;
      try {
        row = await manager.save(Workgroup, {
          tenantId,
          name: input.name,
          nameKey: input.name.toLowerCase(),
          builtIn: null,
          roles,
          createdAt: new Date(),
        } as Workgroup);
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(WorkgroupErrorCode.Duplicate, `A workgroup named '${input.name}' already exists`);
        throw error;
      }
      if (members.length)
        await manager.insert(
          WorkgroupMember,
          members.map((userId) => ({ workgroupId: row.id, userId })),
        );
      await this.audit.record(tenantId, 'workgroup.created', actor, { type: 'workgroup', id: row.id }, { name: row.name, members, roles }, manager);
      return { id: row.id, name: row.name, builtIn: null, members, roles };
    });
  }

  async replace(tenantId: number, id: number, input: WorkgroupInput, editor: WorkgroupEditor): Promise<WorkgroupView> {
    const row = await this.getRow(tenantId, id);
    const roles = this.checkRoles(input.roles);
    let members = await this.checkMembers(tenantId, input.members);
    if (row.builtIn === 'Administrators') {
      if (!editor.isAdministrator) {
        throw forbidden(AuthErrorCode.AdministratorsOnly, 'Only Administrators can change the Administrators workgroup');
      }
      if (members.length === 0) {
        throw conflict(WorkgroupErrorCode.LastMember, 'The last member of the Administrators workgroup cannot be removed');
      }
    }
    if (row.builtIn && input.name !== row.name) {
      throw badRequest(WorkgroupErrorCode.BuiltIn, `name: the built-in workgroup '${row.name}' cannot be renamed`);
    }
    // Everyone's membership is implicit: every user of the tenant is a member.
    if (row.builtIn === 'Everyone') members = [];
    const write = async (manager: EntityManager) => {
      row.name = input.name;
      row.nameKey = input.name.toLowerCase();
      row.roles = roles;
      try {
        await manager.save(Workgroup, row);
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(WorkgroupErrorCode.Duplicate, `A workgroup named '${input.name}' already exists`);
        throw error;
      }
      await manager.delete(WorkgroupMember, { workgroupId: row.id });
      if (members.length)
        await manager.insert(
          WorkgroupMember,
          members.map((userId) => ({ workgroupId: row.id, userId })),
        );
      await this.audit.record(tenantId, 'workgroup.updated', editor, { type: 'workgroup', id: row.id }, { name: row.name, members, roles }, manager);
      return { id: row.id, name: row.name, builtIn: row.builtIn, members, roles };
    };
    // Members of Administrators that are all locked, or of a type whose sign-in is off, would leave no way in.
    if (row.builtIn === 'Administrators')
      return this.administratorsRule.protect(tenantId, 'This change would leave no member of Administrators able to sign in', write);
    return this.workgroups.manager.transaction(write);
  }

  async delete(tenantId: number, id: number, actor: Actor): Promise<WorkgroupView> {
    const row = await this.getRow(tenantId, id);
    if (row.builtIn === 'Administrators' || row.builtIn === 'Everyone') {
      throw conflict(WorkgroupErrorCode.BuiltIn, `The '${row.name}' workgroup cannot be deleted`);
    }
    const view = (await this.withMembers(tenantId, [row]))[0];
    await this.workgroups.delete({ tenantId, id });
    await this.audit.record(tenantId, 'workgroup.deleted', actor, { type: 'workgroup', id }, { name: row.name });
    return view;
  }

  private async getRow(tenantId: number, id: number): Promise<Workgroup> {
    const row = await this.workgroups.findOneBy({ tenantId, id });
    if (!row) throw notFound(WorkgroupErrorCode.NotFound, `Workgroup ${id} not found`);
    return row;
  }

  private checkRoles(input: Record<string, string>): Partial<Record<RoleName, RoleSetting>> {
    const roles: Partial<Record<RoleName, RoleSetting>> = {};
    for (const [name, setting] of Object.entries(input)) {
      if (!isRoleName(name)) {
        throw badRequest(WorkgroupErrorCode.UnknownRole, `roles: unknown role '${name}'; roles are ${ROLE_NAMES.join(', ')}`);
      }
      if (setting !== 'Allowed' && setting !== 'Denied') {
        throw badRequest(WorkgroupErrorCode.UnknownRole, `roles.${name} must be 'Allowed' or 'Denied'`);
      }
      roles[name] = setting;
    }
    return roles;
  }

  /** Members must be users of the same tenant (a foreign id is reported like an unknown one). */
  private async checkMembers(tenantId: number, ids: number[]): Promise<number[]> {
    const unique = [...new Set(ids)];
    const found = new Set((await this.users.findManyInTenant(tenantId, unique)).map((u) => u.id));
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length) throw badRequest(WorkgroupErrorCode.UnknownMember, `members: unknown user id(s) ${missing.join(', ')}`);
    return unique.sort((a, b) => a - b);
  }

  private async withMembers(tenantId: number, rows: Workgroup[]): Promise<WorkgroupView[]> {
    const ids = rows.map((r) => r.id);
    const links = ids.length ? await this.members.find({ where: { workgroupId: In(ids) }, order: { userId: 'ASC' } }) : [];
    const everyone = rows.some((r) => r.builtIn === 'Everyone') ? (await this.users.listByTenant(tenantId)).map((u) => u.id) : [];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      builtIn: r.builtIn,
      members: r.builtIn === 'Everyone' ? everyone : links.filter((l) => l.workgroupId === r.id).map((l) => l.userId),
      roles: r.roles,
    }));
  }
}
