import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { badRequest, conflict, notFound } from '../core/errors/domain-error';
import { isUniqueViolation } from '../core/persistence/unique-violation';
import { MIN_PASSWORD_LENGTH, PasswordHasher } from '../core/crypto/password-hasher.service';
import { User, UserType } from './user.entity';

export enum UserErrorCode {
  NotFound = 'user-not-found',
  Duplicate = 'user-duplicate',
  PasswordTooShort = 'password-too-short',
  PasswordNotAllowed = 'password-not-allowed',
  PasswordRequired = 'password-required',
}

export interface NewUser {
  loginId: string;
  type: UserType;
  displayName?: string;
  password?: string;
  /** The server generated the password: it must be changed at first sign-in. */
  generatedPassword?: boolean;
}

export interface UserChanges {
  displayName?: string;
  locked?: boolean;
  deactivated?: boolean;
  apiAccess?: boolean;
}

export function checkPasswordLength(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw badRequest(UserErrorCode.PasswordTooShort, `${field} must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly passwords: PasswordHasher,
  ) {}

  listByTenant(tenantId: number): Promise<User[]> {
    return this.users.find({ where: { tenantId }, order: { id: 'ASC' } });
  }

  findById(tenantId: number, id: number, manager?: EntityManager): Promise<User | null> {
    return (manager ? manager.getRepository(User) : this.users).findOneBy({ tenantId, id });
  }

  async getById(tenantId: number, id: number, manager?: EntityManager): Promise<User> {
    const user = await this.findById(tenantId, id, manager);
    if (!user) throw notFound(UserErrorCode.NotFound, `User ${id} not found`);
    return user;
  }

  findByLoginId(tenantId: number, loginId: string): Promise<User | null> {
    return this.users.findOneBy({ tenantId, loginIdKey: loginId.toLowerCase() });
  }

  /** Users of this tenant among the given ids (to check workgroup members). */
  findManyInTenant(tenantId: number, ids: number[], manager?: EntityManager): Promise<User[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return (manager ? manager.getRepository(User) : this.users).findBy({ tenantId, id: In(ids) });
  }

  async create(tenantId: number, input: NewUser, manager?: EntityManager): Promise<User> {
    let passwordHash: string | null = null;
    if (input.type === 'Local') {
      if (input.password === undefined) throw badRequest(UserErrorCode.PasswordRequired, 'password is required for Local users');
      checkPasswordLength(input.password);
      passwordHash = await this.passwords.hash(input.password);
    } else if (input.password !== undefined) {
      throw badRequest(UserErrorCode.PasswordNotAllowed, 'password must not be given for SAML2 users');
    }
    const now = new Date();
    const repository = manager ? manager.getRepository(User) : this.users;
    try {
      return await repository.save(
        repository.create({
          tenantId,
          loginId: input.loginId,
          loginIdKey: input.loginId.toLowerCase(),
          type: input.type,
          displayName: input.displayName ?? input.loginId,
          passwordHash,
          mustChangePassword: input.generatedPassword ?? false,
          locked: false,
          deactivated: false,
          apiAccess: true,
          createdAt: now,
          updatedAt: now,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(UserErrorCode.Duplicate, `loginId '${input.loginId}' already exists in this tenant`);
      throw error;
    }
  }

  async update(user: User, changes: UserChanges, manager?: EntityManager): Promise<User> {
    Object.assign(user, changes, { updatedAt: new Date() });
    return (manager ? manager.getRepository(User) : this.users).save(user);
  }

  async setPassword(user: User, password: string, mustChange: boolean, manager?: EntityManager): Promise<User> {
    if (user.type !== 'Local') throw badRequest(UserErrorCode.PasswordNotAllowed, 'password can only be set for Local users');
    checkPasswordLength(password);
    user.passwordHash = await this.passwords.hash(password);
    user.mustChangePassword = mustChange;
    user.updatedAt = new Date();
    return (manager ? manager.getRepository(User) : this.users).save(user);
  }

  verifyPassword(user: User | null, password: string): Promise<boolean> {
    return this.passwords.verify(user?.passwordHash ?? null, password);
  }
}
