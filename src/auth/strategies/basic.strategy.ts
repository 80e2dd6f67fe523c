import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as PassportBaseStrategy } from 'passport-strategy';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { ServerSettingsService } from '../../settings/server-settings.service';
import { TenantsService } from '../../tenants/tenants.service';
import { UsersService } from '../../users/users.service';
import { parseBasicAuthorization } from '../../core/http/basic-credentials';
import { Identity } from '../../access/caller';
import { AuthenticatedRequest } from '../../access/request';

type Verify = (req: AuthenticatedRequest, name: string, secret: string, done: (error: unknown, user?: Identity | false) => void) => void;

/** Basic header strategy that splits on the first colon (see basic-credentials.ts). */
class BasicHeaderStrategy extends PassportBaseStrategy {
  name = 'ips-basic';

  constructor(private readonly verify: Verify) {
    super();
  }

  // Passport's typings name Express's request; on Fastify the request is Fastify's.
  override authenticate(incoming: Parameters<PassportBaseStrategy['authenticate']>[0]): void {
    const req = incoming as unknown as AuthenticatedRequest;
    const credentials = parseBasicAuthorization(req.headers.authorization);
    if (!credentials) return this.fail(401);
    this.verify(req, credentials.name, credentials.secret, (error, user) => {
      if (error) return this.error(error as Error);
      if (!user) return this.fail(401);
      this.success(user);
    });
  }
}

/**
 * Basic `<allowed name>:<key>` (an API key) or `<loginId>:<password>` (a Local account).
 * Only shapes the identity; the policy checks run afterwards in AccessPolicyService.
 */
@Injectable()
export class BasicStrategy extends PassportStrategy(BasicHeaderStrategy, 'ips-basic') {
  constructor(
    private readonly settings: ServerSettingsService,
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
    private readonly tenants: TenantsService,
  ) {
    super();
  }

  async validate(req: AuthenticatedRequest, name: string, secret: string): Promise<Identity | false> {
    if (await this.settings.isApiKeyName(name)) {
      const owner = await this.apiKeys.findOwner(secret);
      return owner ? { kind: 'api-key', ...owner } : false;
    }
    const tenant = await this.tenants.findByName((req.params as Record<string, string>).tenant ?? '');
    const user = tenant ? await this.users.findByLoginId(tenant.id, name) : null;
    // Unknown users (and tenants) cost the same Argon2 time as wrong passwords.
    const ok = await this.users.verifyPassword(user, secret);
    return ok && user && tenant ? { kind: 'password', user, tenant } : false;
  }
}
