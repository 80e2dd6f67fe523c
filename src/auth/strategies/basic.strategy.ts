import { Injectable } from '@nestjs/common';
import { Strategy } from 'passport-strategy';
import { Identity } from '../../access/caller';
import { AuthenticatedRequest } from '../../access/request';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { parseBasicAuthorization } from '../../core/http/basic-credentials';
import { ServerSettingsService } from '../../settings/server-settings.service';
import { UsersService } from '../../users/users.service';

/**
 * Basic `<allowed name>:<key>` (an API key) or `<loginId>:<password>` (a Local account),
 * split on the first colon (see basic-credentials.ts). Only shapes the identity; the policy
 * checks run afterwards in the guard.
 */
@Injectable()
export class BasicStrategy extends Strategy {
  readonly name = 'ips-basic';

  constructor(
    private readonly settings: ServerSettingsService,
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
  ) {
    super();
  }

  override authenticate(incoming: Parameters<Strategy['authenticate']>[0]): void {
    this.identify(incoming as unknown as AuthenticatedRequest).then(
      (identity) => (identity ? this.success(identity) : this.fail(401)),
      (error: Error) => this.error(error),
    );
  }

  /** The identity the Basic credentials name, or null (the guard calls this directly). */
  async identify(req: AuthenticatedRequest): Promise<Identity | null> {
    const credentials = parseBasicAuthorization(req.headers.authorization);
    return credentials ? this.identifyBy(req, credentials.name, credentials.secret) : null;
  }

  /**
   * identify() for an API key whose owner is cached; undefined otherwise. A password is never
   * answered from a cache: it is verified (Argon2) on every request.
   */
  identifyFromCache(req: AuthenticatedRequest): Identity | undefined {
    const credentials = parseBasicAuthorization(req.headers.authorization);
    if (!credentials || this.settings.cachedIsApiKeyName(credentials.name) !== true) return undefined;
    const owner = this.apiKeys.cachedOwner(credentials.secret);
    return owner ? { kind: 'api-key', ...owner } : undefined;
  }

  private async identifyBy(req: AuthenticatedRequest, name: string, secret: string): Promise<Identity | null> {
    if (await this.settings.isApiKeyName(name)) {
      const owner = await this.apiKeys.findOwner(secret);
      return owner ? { kind: 'api-key', ...owner } : null;
    }
    // The guard resolved the URL's tenant first (404 when unknown).
    const tenant = req.urlTenant;
    const user = tenant ? await this.users.findByLoginId(tenant.id, name) : null;
    // Unknown users cost the same Argon2 time as wrong passwords.
    const ok = await this.users.verifyPassword(user, secret);
    return ok && user && tenant ? { kind: 'password', user, tenant } : null;
  }
}
